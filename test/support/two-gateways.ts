import { signInAndDecide, TestBrowser } from '../../emulators/esia/testing/esia-test-client';
import { defaultSettings } from '../../src/core/policy-settings';
import { fromRoot } from '../../src/paths';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { OperatorTokensRepository } from '../../src/store/operator-tokens.repository';
import { PoliciesRepository } from '../../src/store/policies.repository';
import { sleep } from './fault-tools';
import type { GatewayProcess } from './spawn-gateway';
import type { TestDatabase } from './test-database';

/**
 * What the tests of two gateway processes sharing a policy and sessions through Redis set up and do alike
 * (test/integration/policy-propagation.test.ts, test/integration/scale-out.test.ts,
 * test/faults/redis-sentinel-failover.test.ts).
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

/** Puts region 86 back in shadow mode through the ops API of the process at `base`; the API's answer. */
export function backToShadow(base: string, token: string, reason: string): Promise<Response> {
  return fetch(`${base}/api/ops/v1/regions/86/policy`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'shadow', reason }),
  });
}

/**
 * Asks `decide` (the n-th time with `n`) every 25 ms while it answers 'deny', for 3 s at most: the last
 * answer and the milliseconds from the call to it, i.e. how long a change took to reach that process.
 */
export async function untilNoLongerDenied(
  decide: (n: number) => Promise<string>,
): Promise<{ decision: string; ms: number }> {
  const start = Date.now();
  let decision = 'deny';
  for (let n = 0; decision === 'deny' && Date.now() - start < 3000; n++) {
    decision = await decide(n);
    if (decision === 'deny') await sleep(25);
  }
  return { decision, ms: Date.now() - start };
}

/**
 * A person's ESIA sign-in started on the process at `startUrl` and brought back from ESIA as `persona`
 * (consent given), its callback not opened yet: open it on either process.
 */
export async function esiaSignInBroughtBack(
  startUrl: string,
  esiaUrl: string,
  persona: string,
): Promise<{ browser: TestBrowser; callback: URL }> {
  const browser = new TestBrowser();
  const start = await browser.get(`${startUrl}/auth/esia/start?purpose=login`);
  expect(start.status).toBe(302);
  const callback = await signInAndDecide(esiaUrl, browser, start.headers.get('location')!, persona);
  return { browser, callback };
}
