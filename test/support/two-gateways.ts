import { defaultSettings } from '../../src/core/policy-settings';
import { fromRoot } from '../../src/paths';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { OperatorTokensRepository } from '../../src/store/operator-tokens.repository';
import { PoliciesRepository } from '../../src/store/policies.repository';
import type { GatewayProcess } from './spawn-gateway';
import type { TestDatabase } from './test-database';

/**
 * What the tests of two gateway processes sharing a policy through Redis pub/sub set up alike
 * (test/integration/policy-propagation.test.ts, test/faults/redis-sentinel-failover.test.ts).
 */

/**
 * Fills `db` as both processes read it: the regions and diaries of config/, region 86 enforcing since 2020
 * (so a student's password decision there is a refusal until a change reaches the process), and an editor's
 * ops token for region 86 to change it through either process.
 */
export async function enforcedRegion86(db: TestDatabase, reason: string): Promise<{ token: string }> {
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
  await new PoliciesRepository(db.dataSource).change({
    tenantId: '86',
    instanceId: null,
    settings: { ...defaultSettings('Asia/Yekaterinburg'), mode: 'enforce', cutoverDate: '2020-01-01' },
    actor: 'test',
    reason,
    at: new Date(),
  });
  const { token } = await new OperatorTokensRepository(db.dataSource).issue({
    role: 'editor',
    tenantIds: ['86'],
    createdBy: 'test',
    expiresAt: new Date(Date.now() + 3600_000),
  });
  return { token };
}

/**
 * The variables both processes share besides their stores: no emulators, no drain on stop, and a policy cache
 * kept for 30 s, long enough that only pub/sub can explain a change seen within a second.
 */
export const PUBSUB_GATEWAY_ENV = {
  EMULATORS: 'false',
  SHUTDOWN_GRACE_MS: '0',
  POLICY_CACHE_MAX_AGE_MS: '30000',
} as const;

/** Signals every process still running (SIGINT: at once; SIGTERM: after its requests) and waits for all. */
export async function stopGateways(
  gateways: readonly GatewayProcess[],
  signal: 'SIGINT' | 'SIGTERM',
): Promise<void> {
  for (const gw of gateways) if (gw.child.exitCode === null) gw.child.kill(signal);
  await Promise.all(gateways.map((gw) => gw.exited));
}
