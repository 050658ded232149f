import type { DataSource } from 'typeorm';
import type { AdapterDeps, DiaryAdapter } from '../../adapters/contract';
import { createDiaryAdapter, type CreateAdapterOptions } from '../../adapters/registry';
import type { Clock } from '../core/clock';
import type { Logger } from '../logger';
import {
  BREAKER_DEFAULTS,
  CircuitBreaker,
  withCircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
} from './circuit-breaker';
import { DiaryInstanceEntity, type DiaryClientRegistration } from '../store/entities/diary-instance.entity';
import { UnknownInstanceError } from './linking.errors';

/** One enabled diary instance as the journeys need it: where it lives, where users may return, its adapter. */
export interface DiaryInstance {
  readonly id: string;
  readonly tenantId: string;
  readonly displayName: string;
  readonly baseUrl: string;
  /** Its registration as a client of the gateway's OpenID Provider; null when it has none. */
  readonly client: DiaryClientRegistration | null;
  readonly adapter: DiaryAdapter;
  /** The state of its circuit breaker in this process (the console's health of the diary); absent in tests. */
  readonly breakerState?: () => CircuitState;
}

/** How one adapter is built; the registry's createDiaryAdapter unless a test hands in its own. */
export type AdapterFactory = (
  kind: string,
  settings: unknown,
  deps: AdapterDeps,
  options: CreateAdapterOptions,
) => DiaryAdapter;

/** Answers "which diary is this and how do I talk to it" for every enabled instance. */
export class DiaryDirectory {
  private readonly byId: ReadonlyMap<string, DiaryInstance>;

  constructor(instances: readonly DiaryInstance[]) {
    this.byId = new Map(instances.map((i) => [i.id, i]));
  }

  /**
   * Builds each enabled instance's adapter from the registry with the instance's `settings` (checked by the
   * adapter's own schema): its secret is read from the environment variable its `credentialsRef` names (never
   * from the database); in production an unset or demo credential is refused. Every instance's problem is
   * collected and thrown at once, one line. Each adapter sits behind its own circuit breaker, so a vendor
   * that keeps failing costs requests (and the outbox) nothing but a fast refusal.
   */
  static async load(
    dataSource: DataSource,
    deps: {
      env: NodeJS.ProcessEnv;
      logger: Logger;
      clock: Clock;
      timeoutMs: number;
      breaker?: CircuitBreakerOptions;
      /** NODE_ENV=production: no instance may run on a missing or demo credential. */
      production?: boolean;
    },
    create: AdapterFactory = createDiaryAdapter,
  ): Promise<DiaryDirectory> {
    const rows = await dataSource
      .getRepository(DiaryInstanceEntity)
      .find({ where: { enabled: true }, order: { id: 'ASC' } });
    const problems: string[] = [];
    const instances: DiaryInstance[] = [];
    for (const row of rows) {
      let adapter: DiaryAdapter;
      try {
        adapter = create(
          row.adapterKind,
          row.settings,
          {
            instanceId: row.id,
            baseUrl: row.baseUrl,
            secret: deps.env[row.credentialsRef] || undefined,
            logger: deps.logger.child({ instance: row.id }),
            clock: deps.clock,
            timeoutMs: deps.timeoutMs,
          },
          { production: deps.production ?? false, credentialsRef: row.credentialsRef },
        );
      } catch (err) {
        problems.push(err instanceof Error ? err.message : String(err));
        continue;
      }
      const breaker = new CircuitBreaker(row.id, deps.breaker ?? BREAKER_DEFAULTS, deps.logger);
      instances.push({
        id: row.id,
        tenantId: row.tenantId,
        displayName: row.displayName,
        baseUrl: row.baseUrl,
        client: row.oidcClient,
        adapter: withCircuitBreaker(adapter, breaker),
        breakerState: () => breaker.state,
      });
    }
    if (problems.length) throw new Error(problems.join('; '));
    return new DiaryDirectory(instances);
  }

  /** The instance, or UnknownInstanceError when it does not exist or is switched off. */
  get(instanceId: unknown): DiaryInstance {
    const found = typeof instanceId === 'string' ? this.byId.get(instanceId) : undefined;
    if (!found) throw new UnknownInstanceError(`instance ${String(instanceId).slice(0, 64)}`);
    return found;
  }

  /** Every enabled instance. */
  all(): DiaryInstance[] {
    return [...this.byId.values()];
  }
}
