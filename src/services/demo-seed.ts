import { readFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock';
import { addDays, formatIsoDate, localDateAt } from '../core/local-date';
import type { PolicyMode } from '../core/policy';
import { DEMO_SEED_ACTOR } from '../demo-material';
import { LinksRepository } from '../store/links.repository';
import { OperatorsRepository } from '../store/operators.repository';
import { PoliciesRepository } from '../store/policies.repository';
import { defaultSettings } from '../core/policy-settings';

/**
 * The demo's cutover policies (development only), dates relative to the region's today so that every seed
 * journey works on the day `npm start` runs: ХМАО-Югра (86: Дневник.ру, ЦОП) closed password login for 14+ a
 * week ago, as seed 003 tells it; Иркутская область (38: «Сетевой Регион») closes it in two weeks, so a 14+
 * password sign-in shows the information window of seed 004.
 */
export const DEMO_POLICIES: ReadonlyArray<{
  readonly tenantId: string;
  readonly mode: PolicyMode;
  /** The cutover date, in days from the region's today (negative: already passed). */
  readonly cutoverInDays: number;
  readonly reason: string;
}> = [
  {
    tenantId: '86',
    mode: 'enforce',
    cutoverInDays: -7,
    reason: 'демо: вход по паролю для 14 лет и старше закрыт неделю назад',
  },
  {
    tenantId: '38',
    mode: 'enforce',
    cutoverInDays: 14,
    reason: 'демо: информационное окно, вход по паролю закроется через две недели',
  },
];

/** The demo's regional operator (persona regional-operator at the ESIA emulator), for /ops over 86 and 38. */
export const DEMO_OPERATOR = {
  esiaOid: '1000300009',
  displayName: 'Волков Сергей Николаевич (демо)',
  role: 'editor',
  tenantIds: ['86', '38'],
} as const;

/** A link the demo seeds, as if the person had made it before the cutover (config/demo-state.json). */
export interface DemoLink {
  readonly instanceId: string;
  readonly userId: string;
  readonly esiaOid: string;
}

/** The links of config/demo-state.json (the demo's data, kept with the other demo files of config/). */
export async function readDemoLinks(file: string): Promise<DemoLink[]> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as { links?: unknown };
  const links = Array.isArray(parsed.links) ? (parsed.links as Array<Record<string, unknown>>) : [];
  return links.map((l) => {
    const [instanceId, userId, esiaOid] = [l['instanceId'], l['userId'], l['esiaOid']];
    if (typeof instanceId !== 'string' || typeof userId !== 'string' || typeof esiaOid !== 'string')
      throw new Error(`${file}: a link needs instanceId, userId and esiaOid as strings`);
    return { instanceId, userId, esiaOid };
  });
}

/** What the seed did to one region's policy. */
export interface SeededPolicy {
  readonly tenantId: string;
  /** written: a new version; current: the seed's own version already says this; kept: an operator's change. */
  readonly outcome: 'written' | 'current' | 'kept';
  readonly mode: PolicyMode;
  readonly cutoverDate: string | null;
}

/**
 * Seeds the demo state that `npm start` shows: the operator, the links, and the policies of DEMO_POLICIES. A policy an
 * operator changed since (its newest version is not the seed's) is kept; the seed's own version is moved on
 * when its dates would no longer tell the story (a demo database started again days later). Refused in
 * production: the demo's state is never written there.
 */
export async function seedDemoState(deps: {
  dataSource: DataSource;
  clock: Clock;
  nodeEnv: string;
  /** The ESIA issuer the links are recorded under (ESIA_ISSUER). */
  esiaIssuer: string;
  /** Links made before the cutover (readDemoLinks). */
  links: readonly DemoLink[];
}): Promise<SeededPolicy[]> {
  if (deps.nodeEnv === 'production') throw new Error('the demo state is never seeded in production');
  const now = deps.clock.now();
  await new OperatorsRepository(deps.dataSource).grant(
    { ...DEMO_OPERATOR, tenantIds: [...DEMO_OPERATOR.tenantIds] },
    { actor: DEMO_SEED_ACTOR },
  );
  await seedDemoLinks(deps, now);
  const policies = new PoliciesRepository(deps.dataSource);
  const seeded: SeededPolicy[] = [];
  for (const demo of DEMO_POLICIES) {
    const current = await policies.current(demo.tenantId, null);
    if (current && current.createdBy !== DEMO_SEED_ACTOR) {
      seeded.push({
        tenantId: demo.tenantId,
        outcome: 'kept',
        mode: current.mode,
        cutoverDate: current.cutoverDate,
      });
      continue;
    }
    const timeZone = current?.timeZone ?? (await policies.settings(demo.tenantId, null)).timeZone;
    const cutoverDate = formatIsoDate(addDays(localDateAt(now, timeZone), demo.cutoverInDays));
    if (current && current.mode === demo.mode && current.cutoverDate === cutoverDate) {
      seeded.push({ tenantId: demo.tenantId, outcome: 'current', mode: demo.mode, cutoverDate });
      continue;
    }
    await policies.change({
      tenantId: demo.tenantId,
      instanceId: null,
      settings: { ...defaultSettings(timeZone), mode: demo.mode, cutoverDate },
      actor: DEMO_SEED_ACTOR,
      reason: demo.reason,
      at: now,
    });
    seeded.push({ tenantId: demo.tenantId, outcome: 'written', mode: demo.mode, cutoverDate });
  }
  return seeded;
}

/**
 * The demo's links, each only if its diary account never had a link (one a person removed in the demo stays removed),
 * with its event and the outbox notice to the diary, as the link flow writes them.
 */
async function seedDemoLinks(
  deps: { dataSource: DataSource; esiaIssuer: string; links: readonly DemoLink[] },
  at: Date,
): Promise<void> {
  const links = new LinksRepository(deps.dataSource);
  for (const demo of deps.links) {
    const ever = (await deps.dataSource.query(
      'SELECT 1 FROM links WHERE instance_id = $1 AND legacy_user_id = $2 LIMIT 1',
      [demo.instanceId, demo.userId],
    )) as unknown[];
    if (ever.length) continue;
    await links.create({
      issuer: deps.esiaIssuer,
      oid: demo.esiaOid,
      instanceId: demo.instanceId,
      userId: demo.userId,
      method: 'settings-page',
      actor: DEMO_SEED_ACTOR,
      at,
      notify: true,
    });
  }
}
