import type { DiscardedFactReport } from '../core/discarded-fact';
import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock';
import type { PubSub } from '../core/ports/pub-sub.port';
import type { RateLimiter } from '../core/ports/rate-limiter.port';
import type { Logger } from '../logger';
import { linkStatusQuery } from '../store/link-status.query';
import type { LinkChangeListener } from '../store/links.repository';
import { LinkedAnswerCache } from './linked-answer-cache';
import { LoginStatsRepository } from '../store/login-stats.repository';
import { OperatorTokensRepository } from '../store/operator-tokens.repository';
import { OperatorsRepository } from '../store/operators.repository';
import { loadPolicySnapshot } from '../store/policy-snapshot.repository';
import { countNothing, type CountActivity } from '../core/activity';
import { LoginStatsRecorder } from './login-stats.recorder';
import {
  decidePasswordLogin,
  evaluatePasswordPolicy,
  type PasswordDecisionAnswer,
  type PasswordDecisionInput,
  type ProfileLookup,
} from './password-decision.use-case';
import { OpsService } from './ops.service';
import { PolicyCache } from './policy-cache';

/** What the cutover feature is built from (the composition root has all of it). */
export interface CutoverFeatureDeps {
  readonly dataSource: DataSource;
  readonly pubsub: PubSub;
  readonly rateLimiter: RateLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: {
    readonly publicUrl: string;
    readonly policyCacheMaxAgeMs: number;
    readonly decisionLimitPerInstance: number;
    readonly decisionLimitPerLogin: number;
  };
  /** The diary adapters' getProfile, for decisions without a birth date. */
  readonly profiles?: ProfileLookup;
  /** Hears of a birth date skipped because it could be nobody's (logged and counted by the gateway). */
  readonly discarded?: DiscardedFactReport;
  /** Counts every warning and refusal the decision gives (the console, /metrics); nothing when absent. */
  readonly activity?: CountActivity;
  /** How often counted decisions are written (ms). */
  readonly statsFlushMs?: number;
  /** Counts a linked answer evicted because the cache was full (for /metrics); nothing when absent. */
  readonly onLinkedAnswerEvicted?: () => void;
}

/**
 * Most `linked` answers a process keeps (≈ 100 B each: ≈ 10 MB at the bound); past it the oldest goes first.
 * A diary's morning peak repeats accounts within minutes, not the whole register.
 */
export const LINKED_ANSWERS_MAX = 100_000;

/** The cutover policy at run time: its cache, the decision, the statistics and the operators' side. */
export interface CutoverFeature {
  readonly policies: PolicyCache;
  readonly stats: LoginStatsRecorder;
  /** The operators' use cases and their two ways in (ESIA persons on the list, bearer tokens). */
  readonly ops: OpsService;
  readonly operators: OperatorsRepository;
  readonly operatorTokens: OperatorTokensRepository;
  /** The decision's per-process linked answers (issue 11). */
  readonly linkedAnswers: LinkedAnswerCache;
  /**
   * What every writer of links calls after its commit: drops the account's linked answer here and, over
   * pub/sub, in every other process.
   */
  readonly linkChanges: LinkChangeListener;
  decide(input: PasswordDecisionInput): Promise<PasswordDecisionAnswer>;
  /** True when the policy refuses this account's password login now: ESIA is its only way in (flow E). */
  esiaIsOnlyWayIn(instanceId: string, userId: string): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Wires the policy cache, the decision use case and the statistics recorder. */
export function createCutoverFeature(deps: CutoverFeatureDeps): CutoverFeature {
  const policies = new PolicyCache({
    load: (now) => loadPolicySnapshot(deps.dataSource, now),
    pubsub: deps.pubsub,
    clock: deps.clock,
    logger: deps.logger,
    maxAgeMs: deps.config.policyCacheMaxAgeMs,
  });
  const stats = new LoginStatsRecorder(
    new LoginStatsRepository(deps.dataSource),
    deps.logger,
    deps.statsFlushMs ?? 1000,
  );
  const activity = deps.activity ?? countNothing;
  const linkedAnswers = new LinkedAnswerCache({
    lookup: linkStatusQuery(deps.dataSource),
    pubsub: deps.pubsub,
    logger: deps.logger,
    maxEntries: LINKED_ANSWERS_MAX,
    // The policy cache's bound for a lost message; a link answer is no more precious than a policy.
    maxAgeMs: deps.config.policyCacheMaxAgeMs,
    ...(deps.onLinkedAnswerEvicted ? { onEvict: deps.onLinkedAnswerEvicted } : {}),
  });
  const ports = {
    policies,
    isLinked: linkedAnswers.isLinked,
    profiles: deps.profiles,
    discarded: deps.discarded,
    rateLimiter: deps.rateLimiter,
    limits: {
      perInstance: { limit: deps.config.decisionLimitPerInstance, windowSeconds: 60 },
      perLogin: { limit: deps.config.decisionLimitPerLogin, windowSeconds: 60 },
    },
    stats,
    clock: deps.clock,
    publicUrl: deps.config.publicUrl,
  };
  return {
    policies,
    stats,
    ops: new OpsService(deps.dataSource, deps.clock, (tenantId) => policies.announce(tenantId)),
    operators: new OperatorsRepository(deps.dataSource),
    operatorTokens: new OperatorTokensRepository(deps.dataSource),
    linkedAnswers,
    linkChanges: (change) => linkedAnswers.announce(change),
    async decide(input) {
      const answer = await decidePasswordLogin(input, ports);
      if (answer.decision !== 'allow')
        activity(answer.decision === 'warn' ? 'warning' : 'refusal', input.instanceId);
      return answer;
    },
    esiaIsOnlyWayIn: async (instanceId, userId) =>
      (await evaluatePasswordPolicy({ instanceId, userId }, ports)).decision === 'deny',
    async start() {
      await policies.start();
      await linkedAnswers.start();
      stats.start();
    },
    async stop() {
      await linkedAnswers.stop();
      await policies.stop();
      await stats.stop();
    },
  };
}
