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
import { AccessRequestStatusWorker } from './services/access-request-status-worker';
import { AccessRequestSyncRepository } from './store/access-request-sync.repository';
import { AccessRequestsRepository } from './store/access-requests.repository';

/** Bound on one call to a vendor's system; an outage is noticed quickly and the outbox retries later. */
const VENDOR_TIMEOUT_MS = 5000;

/**
 * The journeys (flows A, B, D, E), the outbox worker that tells vendors about their outcomes, and the poll
 * that brings back what vendors' staff decided on access requests.
 */
export interface JourneysFeature {
  readonly deps: JourneyDeps;
  readonly worker: OutboxWorker;
  readonly statusWorker: AccessRequestStatusWorker;
}

/**
 * Builds each enabled diary instance's adapter from the registry (config/instances.json, in PostgreSQL); in
 * production an instance without its credential, or with a demo one, stops the start.
 */
export function loadDiaries(input: {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  production: boolean;
}): Promise<DiaryDirectory> {
  return DiaryDirectory.load(input.dataSource, {
    env: process.env,
    logger: input.logger,
    clock: input.clock,
    timeoutMs: VENDOR_TIMEOUT_MS,
    production: input.production,
  });
}

/**
 * The journeys' dependencies, and the outbox and access-request status workers started (both stopped by the
 * caller at shutdown, before the database closes).
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
  const statusWorker = new AccessRequestStatusWorker({
    sync: new AccessRequestSyncRepository(dataSource),
    links: deps.links,
    diaries,
    clock,
    logger: logger.child({ component: 'access-request-status' }),
  });
  statusWorker.start();
  return { deps, worker, statusWorker };
}
