import type { DataSource } from 'typeorm';
import type { Cache } from './cache';
import type { Config } from './config';
import type { Clock } from './core/clock';
import type { PersonalRecordsSource } from './core/ports/personal-records.port';
import { sessionRecords } from './http/session-records';
import { LINK_TICKET_PREFIX } from './services/link-tickets';
import { oneTimeValueRecords } from './services/one-time-values';
import { PersonDataService } from './services/person-data.service';
import { Pseudonyms } from './services/pseudonyms';
import { retentionPeriodsOf } from './services/retention-worker';
import { SSO_CODE_PREFIX } from './services/sso-codes';

/**
 * The sources of a person's records in the shared store: browser sessions and the one-time values that name
 * an account. A store that adds key families naming people (the OpenID Provider, issue 16) adds its source.
 */
export function sharedStoreSources(cache: Pick<Cache, 'scan'>, clock: Clock): PersonalRecordsSource[] {
  const now = () => clock.now();
  return [
    sessionRecords(cache.scan, now),
    oneTimeValueRecords(cache.scan, [LINK_TICKET_PREFIX, SSO_CODE_PREFIX], now),
  ];
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
  });
}
