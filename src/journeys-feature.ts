import type { DiscardedFactReport } from './core/discarded-fact';
import type { DataSource } from 'typeorm';
import type { Cache } from './cache';
import type { Config } from './config';
import type { Clock } from './core/clock';
import { createJourneyDeps } from './http/journeys/create-journey-deps';
import type { JourneyDeps, JourneyEvents } from './http/journeys/journey-deps';
import type { ProviderHost } from './provider/provider-host';
import { redeemPendingChange, type PendingChange } from './services/pending-change.use-case';
import { countNothing, type CountActivity } from './core/activity';
import type { Logger } from './logger';
import { DiaryDirectory } from './services/diary-directory';
import type { OnlyWayInRule } from './services/unlink-account.use-case';
import { OUTBOX_DEFAULTS, OutboxWorker } from './services/outbox-worker';
import { AccessRequestStatusWorker } from './services/access-request-status-worker';
import { AccessRequestSyncRepository } from './store/access-request-sync.repository';
import { AccessRequestsRepository } from './store/access-requests.repository';
import { LinksRepository, type LinkChangeListener } from './store/links.repository';

/** Bound on one call to a vendor's system; an outage is noticed quickly and the outbox retries later. */
const VENDOR_TIMEOUT_MS = 5000;

/**
 * The journeys (flows A, B, C, D, E) with the OpenID Provider, the outbox worker that tells vendors about their outcomes, and the poll
 * that brings back what vendors' staff decided on access requests.
 */
export interface JourneysFeature {
  readonly deps: JourneyDeps;
  /** The OpenID Provider the diaries sign in and link through (mounted at /oidc). */
  readonly provider: ProviderHost;
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

/** The diary instance a held link or unlink is for. */
const instanceOf = (change: PendingChange) =>
  change.kind === 'link' ? change.link.instanceId : change.unlink.instanceId;

/** What the journeys and their provider are built from. */
export interface JourneyFlowsInput {
  dataSource: DataSource;
  diaries: DiaryDirectory;
  cache: Pick<Cache, 'stateStore' | 'pubsub' | 'rateLimiter'>;
  clock: Clock;
  logger: Logger;
  config: Config;
  /** The cutover policy's say on flow E: unlinking is refused when ESIA is the account's only way in. */
  onlyWayIn: OnlyWayInRule;
  /** Counts the journeys' decisions (for /metrics). */
  events: JourneyEvents;
  /** Counts sign-ins, links, unlinks, refusals and access requests (the console, /metrics); nothing when absent. */
  activity?: CountActivity;
  env: NodeJS.ProcessEnv;
  /** Development only: the demo diaries' client secrets. */
  demoSecrets: ReadonlyMap<string, string>;
  /** Hears of a school birth date that could be nobody's (logged and counted). */
  discarded?: DiscardedFactReport;
  /** Hears of every link written or revoked, after the commit (CutoverFeature.linkChanges). */
  linkChanges?: LinkChangeListener;
}

/**
 * The journeys' dependencies and the OpenID Provider they end in (no workers): what a gateway serves its
 * diaries with. The provider writes a held link or unlink when a diary redeems its code.
 */
export async function startJourneyFlows(
  input: JourneyFlowsInput,
): Promise<{ deps: JourneyDeps; provider: ProviderHost }> {
  const { dataSource, diaries, cache, clock, logger, config } = input;
  const activity = input.activity ?? countNothing;
  const redeemPorts = {
    diaries,
    links: new LinksRepository(dataSource, input.linkChanges),
    requests: new AccessRequestsRepository(dataSource),
    issuer: config.esiaIssuer,
    clock,
    onlyWayIn: input.onlyWayIn,
  };
  // Loaded here, not at the top: oidc-provider warns about Node 20 when it loads, and a start that stops
  // earlier (a wrong configuration, a missing credential) should print its own reasons only.
  const { startProvider } = await import('./provider/start-provider');
  const provider = await startProvider({
    config,
    dataSource,
    cache,
    diaries,
    logger,
    env: input.env,
    demoSecrets: input.demoSecrets,
    production: config.nodeEnv === 'production',
    redeem: async (change) => {
      const outcome = await redeemPendingChange(change, redeemPorts);
      if (outcome === 'created' || outcome === 'removed')
        activity(outcome === 'created' ? 'link' : 'unlink', instanceOf(change));
      return outcome;
    },
  });
  const deps = createJourneyDeps({
    dataSource,
    diaries,
    rateLimiter: cache.rateLimiter,
    clock,
    interactions: provider.interactions,
    events: (event, labels) => {
      input.events(event, labels);
      activity('refusal', labels.instance);
    },
    activity,
    esia: { issuer: config.esiaIssuer, baseUrl: config.esiaBaseUrl, clientId: config.esiaClientId },
    publicUrl: config.publicUrl,
    onlyWayIn: input.onlyWayIn,
    ...(input.discarded ? { discarded: input.discarded } : {}),
    ...(input.linkChanges ? { linkChanges: input.linkChanges } : {}),
  });
  return { deps, provider: provider.host };
}

/**
 * The journeys' dependencies with the OpenID Provider they end in, and the outbox and access-request status
 * workers started (all stopped by the caller at shutdown, before the database closes).
 */
export async function startJourneys(input: JourneyFlowsInput): Promise<JourneysFeature> {
  const { dataSource, diaries, clock, logger } = input;
  const { deps, provider } = await startJourneyFlows(input);
  const worker = new OutboxWorker(
    {
      dataSource,
      diaries,
      requests: new AccessRequestsRepository(dataSource),
      clock,
      logger: logger.child({ component: 'outbox' }),
    },
    { ...OUTBOX_DEFAULTS, leaseMs: input.config.outboxLeaseMs },
  );
  worker.start();
  const statusWorker = new AccessRequestStatusWorker({
    sync: new AccessRequestSyncRepository(dataSource),
    links: deps.links,
    diaries,
    clock,
    logger: logger.child({ component: 'access-request-status' }),
  });
  statusWorker.start();
  return { deps, provider, worker, statusWorker };
}
