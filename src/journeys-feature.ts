import type { DataSource } from 'typeorm';
import type { Cache } from './cache';
import type { Config } from './config';
import type { Clock } from './core/clock';
import { createJourneyDeps } from './http/journeys/create-journey-deps';
import type { JourneyDeps } from './http/journeys/journey-deps';
import type { Logger } from './logger';
import { DiaryDirectory } from './services/diary-directory';
import type { OnlyWayInRule } from './services/unlink-account.use-case';
import { OutboxWorker } from './services/outbox-worker';
import { AccessRequestsRepository } from './store/access-requests.repository';

/** Bound on one call to a vendor's system; an outage is noticed quickly and the outbox retries later. */
const VENDOR_TIMEOUT_MS = 5000;

/** The journeys (flows A, B, D, E) and the outbox worker that tells vendors about their outcomes. */
export interface JourneysFeature {
  readonly deps: JourneyDeps;
  readonly worker: OutboxWorker;
}

/** Builds each enabled diary instance's adapter from the registry (config/instances.json, in PostgreSQL). */
export function loadDiaries(input: {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
}): Promise<DiaryDirectory> {
  return DiaryDirectory.load(input.dataSource, {
    env: process.env,
    logger: input.logger,
    clock: input.clock,
    timeoutMs: VENDOR_TIMEOUT_MS,
  });
}

/**
 * The journeys' dependencies, and the outbox worker started (stopped by the caller at shutdown, before the
 * database closes).
 */
export function startJourneys(input: {
  dataSource: DataSource;
  diaries: DiaryDirectory;
  cache: Cache;
  clock: Clock;
  logger: Logger;
  config: Config;
  /** The cutover policy's say on flow E: unlinking is refused when ESIA is the account's only way in. */
  onlyWayIn: OnlyWayInRule;
}): JourneysFeature {
  const { dataSource, diaries, cache, clock, logger, config } = input;
  const deps = createJourneyDeps({
    dataSource,
    diaries,
    stateStore: cache.stateStore,
    rateLimiter: cache.rateLimiter,
    clock,
    esia: { issuer: config.esiaIssuer, baseUrl: config.esiaBaseUrl, clientId: config.esiaClientId },
    publicUrl: config.publicUrl,
    onlyWayIn: input.onlyWayIn,
  });
  const worker = new OutboxWorker({
    dataSource,
    diaries,
    requests: new AccessRequestsRepository(dataSource),
    clock,
    logger: logger.child({ component: 'outbox' }),
  });
  worker.start();
  return { deps, worker };
}
