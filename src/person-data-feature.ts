import type { DataSource } from 'typeorm';
import type { Cache } from './cache';
import type { Config } from './config';
import type { Clock } from './core/clock';
import type { PersonalRecordsSource } from './core/ports/personal-records.port';
import { sessionRecords } from './http/session-records';
import { providerRecords } from './provider/provider-records';
import { PersonDataService } from './services/person-data.service';
import { Pseudonyms } from './crypto/pseudonyms';
import { retentionPeriodsOf } from './services/retention-worker';
import type { LinkChangeListener } from './store/links.repository';

/**
 * The sources of a person's records in the shared store: browser sessions, and the OpenID Provider's sessions,
 * grants, codes, tokens and held changes. A store that adds key families naming people adds its source here.
 */
export function sharedStoreSources(cache: Pick<Cache, 'scan'>, clock: Clock): PersonalRecordsSource[] {
  const now = () => clock.now();
  return [sessionRecords(cache.scan, now), providerRecords(cache.scan, now)];
}

/** A person's data on request, wired for the gateway and the CLI; `cache` absent: the shared store is not searched. */
export function createPersonData(input: {
  dataSource: DataSource;
  cache: Pick<Cache, 'scan'> | undefined;
  clock: Clock;
  config: Pick<
    Config,
    | 'piiHmacKey'
    | 'retentionAccessRequestDays'
    | 'retentionOutboxDays'
    | 'retentionRevokedLinkDays'
    | 'retentionExemptionDays'
  >;
  extraSources?: readonly PersonalRecordsSource[];
  /** Hears of each link an erasure revoked (CutoverFeature.linkChanges). */
  linkChanges?: LinkChangeListener;
}): PersonDataService {
  return new PersonDataService({
    dataSource: input.dataSource,
    clock: input.clock,
    pseudonyms: new Pseudonyms(input.config.piiHmacKey),
    sources: [
      ...(input.cache ? sharedStoreSources(input.cache, input.clock) : []),
      ...(input.extraSources ?? []),
    ],
    periods: retentionPeriodsOf(input.config),
    ...(input.linkChanges ? { linkChanges: input.linkChanges } : {}),
  });
}
