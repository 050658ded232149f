import type { DataSource } from 'typeorm';
import type { Cache } from './cache';
import type { Config } from './config';
import type { Clock } from './core/clock';
import { createJourneyDeps } from './http/journeys/create-journey-deps';
import type { JourneyDeps } from './http/journeys/journey-deps';
import type { Logger } from './logger';
import { DiaryDirectory } from './services/diary-directory';
import { OutboxWorker } from './services/outbox-worker';
import { AccessRequestsRepository } from './store/access-requests.repository';

/** Bound on one call to a vendor's system; an outage is noticed quickly and the outbox retries later. */
const VENDOR_TIMEOUT_MS = 5000;

/** The journeys (flows A, B, D, E) and the outbox worker that tells vendors about their outcomes. */
export interface JourneysFeature {
  readonly deps: JourneyDeps;
  readonly worker: OutboxWorker;
}

/**
 * Builds each enabled diary instance's adapter from the registry, the journeys' dependencies, and starts the
 * outbox worker (stopped by the caller at shutdown, before the database closes).
 */
export async function startJourneys(input: {
  dataSource: DataSource;
  cache: Cache;
  clock: Clock;
  logger: Logger;
  config: Config;
}): Promise<JourneysFeature> {
  const { dataSource, cache, clock, logger, config } = input;
  const diaries = await DiaryDirectory.load(dataSource, {
    env: process.env,
    logger,
    clock,
    timeoutMs: VENDOR_TIMEOUT_MS,
  });
  const deps = createJourneyDeps({
    dataSource,
    diaries,
    stateStore: cache.stateStore,
    rateLimiter: cache.rateLimiter,
    clock,
    esia: { issuer: config.esiaIssuer, baseUrl: config.esiaBaseUrl, clientId: config.esiaClientId },
    publicUrl: config.publicUrl,
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
