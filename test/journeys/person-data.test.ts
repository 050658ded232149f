import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { PolicyOverridesRepository } from '../../src/store/policy-overrides.repository';
import { startPrivateRedis, type PrivateRedis } from '../support/fault-tools';
import { JourneyBrowser } from '../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { confirmLink, linkFromDiarySettings, linkThroughEsia, rows } from '../support/journey-steps';
import { runOpsCli } from '../support/ops-cli';

jest.setTimeout(90_000);

const ELENA = {
  login: 'ivanova.elena',
  password: 'Dnevnik-Ivanova1',
  userId: '1000000000000000101',
  oid: '1000300001',
};
/** Everything that would name Elena: her ids, her name as ESIA gives it, what she typed, her SNILS. */
const HERS = [
  ELENA.oid,
  ELENA.userId,
  'Иванова',
  'Елена',
  ELENA.login,
  '+7 900 111-22-33',
  'Школы № 5 нет в списке',
  'нет паспорта',
  '112-233-445 95',
  '11223344595',
];
/** Another parent, whose rows must survive Elena's erasure untouched. */
const OTHER = { oid: '1000399999', userId: '2000000000000000202' };

// Redis is the store this test is about: REDIS_URL, or a private redis-server. Without either it cannot run,
// and says so; CI (REQUIRE_REAL_SERVICES=1) has both.
const redisAvailable =
  Boolean(process.env['REDIS_URL']) || spawnSync('redis-server', ['--version']).status === 0;
if (!redisAvailable) {
  console.warn(
    'person-data.test: no REDIS_URL and no redis-server, so the erasure scan of Redis does NOT run',
  );
  if (process.env['REQUIRE_REAL_SERVICES'] === '1')
    it('Redis is available (REQUIRE_REAL_SERVICES=1)', () => expect(redisAvailable).toBe(true));
}

(redisAvailable ? describe : describe.skip)(
  "a person's data on request, end to end (flow A in a browser, the ops CLI, PostgreSQL and Redis)",
  () => {
    let h: JourneyHarness;
    let privateRedis: PrivateRedis | undefined;
    let redisUrl: string;
    const keyPrefix = `elg-person-${randomUUID().slice(0, 8)}:`;
    const browser = new JourneyBrowser();

    /** `npm run ops -- …` as a real process, on the harness's database and Redis. */
    const ops = (args: string[]) =>
      runOpsCli(args, { DATABASE_URL: h.db.url, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix });

    /** Every table, column and row of the database whose text contains one of `needles`. */
    async function postgresHits(needles: string[]): Promise<string[]> {
      const columns: Array<{ t: string; c: string }> = await h.db.dataSource.query(
        `SELECT table_name AS t, column_name AS c FROM information_schema.columns
         WHERE table_schema = 'public' ORDER BY 1, 2`,
      );
      const hits: string[] = [];
      for (const { t, c } of columns) {
        const found: Array<{ v: string }> = await h.db.dataSource.query(
          `SELECT "${c}"::text AS v FROM "${t}" WHERE "${c}"::text ILIKE ANY($1)`,
          [needles.map((n) => `%${n}%`)],
        );
        for (const { v } of found) hits.push(`${t}.${c}: ${v.slice(0, 120)}`);
      }
      return hits;
    }

    /** Every key of this deployment in Redis whose name or value contains one of `needles`. */
    async function redisHits(needles: string[]): Promise<string[]> {
      const raw = new Redis(redisUrl);
      try {
        const hits: string[] = [];
        for await (const keys of raw.scanStream({ match: `${keyPrefix}*`, count: 500 }) as AsyncIterable<
          string[]
        >)
          for (const key of keys) {
            const type = await raw.type(key);
            const value =
              type === 'string' ? ((await raw.get(key)) ?? '') : JSON.stringify(await raw.hgetall(key));
            const text = `${key} ${value}`.toLowerCase();
            if (needles.some((n) => text.includes(n.toLowerCase())))
              hits.push(`${key}: ${value.slice(0, 120)}`);
          }
        return hits;
      } finally {
        raw.disconnect();
      }
    }

    beforeAll(async () => {
      if (process.env['REDIS_URL']) redisUrl = process.env['REDIS_URL'];
      else {
        privateRedis = await startPrivateRedis();
        redisUrl = privateRedis.url;
      }
      h = await startJourneyHarness({ env: { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix } });
      await h.db.dataSource.query(
        `INSERT INTO policies (tenant_id, version, mode, cutover_date, created_by)
         VALUES ('86', 1, 'enforce', '2026-09-01', 'test')`,
      );
    });

    afterAll(async () => {
      await h?.close();
      await privateRedis?.stop();
    });

    it('Elena links her account in a browser; the gateway also holds her request, an exemption and a conflict', async () => {
      await linkFromDiarySettings(h, browser, ELENA.login, ELENA.password);
      const confirm = await linkThroughEsia(h, browser, 'parent-two-schools');
      await confirmLink(h, browser, confirm);
      expect(await h.worker.runOnce()).toBe(1);
      expect(await rows(h, `SELECT esia_oid, legacy_user_id FROM links`)).toEqual([
        { esia_oid: ELENA.oid, legacy_user_id: ELENA.userId },
      ]);

      const at = h.clock.now();
      await h.deps.requests.create({
        instanceId: 'dnevnik-86',
        organizationId: 'school-5',
        role: 'parent',
        reason: 'organization_missing',
        message: 'Школы № 5 нет в списке',
        contact: '+7 900 111-22-33',
        esiaOid: ELENA.oid,
        personName: 'Иванова Елена Сергеевна',
        at,
        deliver: false,
      });
      await h.deps.links.recordConflict('dnevnik-86', 'user', at, {
        conflict: 'person_linked',
        userId: ELENA.userId,
      });
      await new PolicyOverridesRepository(h.db.dataSource).addExemption({
        tenantId: '86',
        instanceId: 'dnevnik-86',
        legacyUserId: ELENA.userId,
        reason: 'нет паспорта',
        expiresAt: null,
        actor: 'test operator',
        at,
      });
      // Another parent, in PostgreSQL and in Redis: the scans below must find them, and the erasure leave them.
      await h.deps.links.create({
        issuer: 'http://esia.gosuslugi.ru/',
        oid: OTHER.oid,
        instanceId: 'dnevnik-86',
        userId: OTHER.userId,
        method: 'settings-page',
        actor: 'user',
        at,
        notify: false,
      });
      await h.cache.stateStore.put('control', JSON.stringify({ oid: OTHER.oid }), 600);
      expect(await redisHits([ELENA.oid])).not.toEqual([]);
    });

    it('`ops person export` prints everything held about her as JSON and as a Russian summary, and is audited', async () => {
      const json = await ops(['person', 'export', '--esia-oid', ELENA.oid, '--reason', 'заявление № 12']);
      expect(json).toMatchObject({ code: 0, err: '' });
      const [jsonPart, summary] = json.out.split('\n----\n');
      const found = JSON.parse(jsonPart!);
      expect(found.links).toEqual([
        expect.objectContaining({ esiaOid: ELENA.oid, legacyUserId: ELENA.userId, revokedAt: null }),
      ]);
      expect(found.accessRequests).toEqual([
        expect.objectContaining({
          contact: '+7 900 111-22-33',
          name: 'Иванова Елена Сергеевна',
          status: 'open',
        }),
      ]);
      expect(found.exemptions).toEqual([expect.objectContaining({ reason: 'нет паспорта' })]);
      expect(found.linkEvents.map((e: { kind: string }) => e.kind).sort()).toEqual(['conflict', 'linked']);
      expect(found.notices).toEqual([expect.objectContaining({ topic: 'link.created' })]);
      expect(found.notices[0].deliveredAt).not.toBeNull();
      // The link ended in the OpenID Provider: its session and the diary's sign-in name her (the gateway's own
      // session was ended when the diary got its code).
      expect(found.sharedStore).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ family: 'state:op:Session:<id>', fields: ['accountId'] }),
          expect.objectContaining({
            family: 'state:provider:sign-in:<grantId>',
            fields: ['userId', 'esiaOid'],
          }),
        ]),
      );
      expect(JSON.stringify(found)).not.toContain(OTHER.oid);
      expect(summary).toContain('Привязки к дневникам: 1');
      expect(summary).toContain('Цель: вход в электронный дневник через Госуслуги');
      expect(summary).toContain('ст. 6 ч. 1 п. 4');
      expect(summary).toContain('после отвязки — 365 дн.');
      expect(summary).toContain('контакт: +7 900 111-22-33');
      expect(summary).toContain('Не хранятся: СНИЛС');

      const [audit] = await rows<{ action: string; target: string; actor: string; after: object }>(
        h,
        `SELECT action, target, actor, after FROM admin_audit WHERE action = 'person.exported'`,
      );
      expect(audit).toMatchObject({
        target: `person ${found.pseudonym}`,
        actor: expect.stringMatching(/^cli:/),
      });
      expect(found.pseudonym).toMatch(/^pn:[A-Za-z0-9_-]{43}$/);
      expect(audit!.after).toMatchObject({
        reason: 'заявление № 12',
        found: { links: 1, accessRequests: 1 },
      });
    });

    it('`ops person erase` leaves no personal field of hers in PostgreSQL or Redis once the diary is told; the other parent keeps everything', async () => {
      const sessionKeys = (await redisHits([ELENA.oid, ELENA.userId])).length;
      const erased = await ops([
        'person',
        'erase',
        '--esia-oid',
        ELENA.oid,
        '--reason',
        'заявление № 12',
        '--format',
        'json',
      ]);
      expect(erased).toMatchObject({ code: 0, err: '' });
      expect(JSON.parse(erased.out)).toMatchObject({
        revokedLinks: 1,
        pseudonymisedLinks: 1,
        closedRequests: 1,
        redactedRequests: 1,
        revokedExemptions: 1,
        redactedExemptions: 1,
        redactedEvents: 1,
        deletedNotices: 1,
        pendingNotices: 1,
        sharedStoreRecords: sessionKeys,
        keptOperatorRecord: false,
      });

      // Until the diary has it, the unlink notice is the one row that still names her account.
      expect(await postgresHits(HERS)).toEqual([expect.stringMatching(/^outbox\.payload: /)]);
      h.clock.set(new Date()); // the CLI queued the notice on the real clock
      expect(await h.worker.runOnce()).toBe(1);
      expect(await postgresHits(HERS)).toEqual([]);
      expect(await redisHits(HERS)).toEqual([]);

      // The scans do find a person: the other parent is still there, everywhere.
      expect(await postgresHits([OTHER.oid])).toEqual([expect.stringMatching(/^links\.esia_oid: /)]);
      expect(await redisHits([OTHER.oid])).toHaveLength(1);

      const [audit] = await rows<{ target: string; after: Record<string, unknown> }>(
        h,
        `SELECT target, after FROM admin_audit WHERE action = 'person.erased'`,
      );
      expect(audit!.target).toMatch(/^person pn:/);
      expect(audit!.after).toMatchObject({ reason: 'заявление № 12', revokedLinks: 1 });

      // The diary was told: its account is no longer linked.
      expect(await rows(h, `SELECT revoked_reason FROM links WHERE esia_oid LIKE 'pn:%'`)).toEqual([
        { revoked_reason: 'erasure' },
      ]);
    });

    it('an export after the erasure finds only pseudonymised rows, counted', async () => {
      const res = await ops(['person', 'export', '--esia-oid', ELENA.oid]);
      const [jsonPart, summary] = res.out.split('\n----\n');
      const found = JSON.parse(jsonPart!);
      expect([found.links, found.accessRequests, found.exemptions, found.notices, found.sharedStore]).toEqual(
        [[], [], [], [], []],
      );
      expect(found.pseudonymised).toEqual({ links: 1, accessRequests: 1, exemptions: 1, linkEvents: 1 });
      expect(summary).toContain('Привязки к дневникам: нет');
      expect(summary).toContain('Обезличенные записи (идентификаторы заменены псевдонимами): привязок 1');
    });
  },
);
