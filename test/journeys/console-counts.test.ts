import * as oidc from 'openid-client';
import { signInAndDecide, type TestBrowser } from '../../emulators/esia/testing/esia-test-client';
import { listenMetrics, type MetricsServer } from '../../src/http/metrics-server';
import { OperatorTokensRepository } from '../../src/store/operator-tokens.repository';
import { startDemoGateway, type DemoGateway } from '../e2e/support/demo-gateway';
import { csrfOf, JourneyBrowser, type Page } from '../support/journey-browser';
import { sendAccessRequest, VOLKOV_REQUEST } from '../support/journey-steps';
import { runOpsCli } from '../support/ops-cli';
import { TestRelyingParty, type RpRequest } from '../support/test-relying-party';

/*
 * Issue 19, «Counts that are true»: two of every kind of event, driven through the real journeys (the ESIA
 * emulator, the Дневник.ру and ЦОП emulators, the gateway's OpenID Provider and vendor API), then read back from
 * the console's readiness page, its CSV, the ops API, the ops CLI and /metrics. The expected figures are
 * written out here from what the test did, never read from the code under test.
 */
jest.setTimeout(120_000);

const MAKSIM = { userId: '1000000000000000102', persona: 'student-15', birthDate: '2011-03-10' };
const ELENA = { userId: '1000000000000000101', persona: 'parent-two-schools', login: 'ivanova.elena' };
const ELENA_PASSWORD = 'Dnevnik-Ivanova1';

let gw: DemoGateway;
let dnevnik: TestRelyingParty;
let metricsServer: MetricsServer;

beforeAll(async () => {
  gw = await startDemoGateway();
  dnevnik = await TestRelyingParty.discover(
    `${gw.url}/oidc`,
    'dnevnik-86',
    `${gw.dnevnik.url}/oidc/callback`,
    oidc.ClientSecretBasic(gw.clientSecrets['dnevnik-86']!),
  );
  metricsServer = await listenMetrics(gw.metrics, { host: '127.0.0.1', port: 0 });
}, 60_000);
afterAll(async () => {
  await metricsServer?.close();
  await gw?.close();
});

/** From a gateway (or diary) address that leads to ESIA: sign in as `persona`, grant, and come back. */
async function throughEsia(browser: JourneyBrowser, startUrl: string, persona: string): Promise<Page> {
  const start = await browser.follow(startUrl, { stopAt: (u) => u.origin === gw.esia.url });
  if (!start.location?.startsWith(gw.esia.url))
    throw new Error(`expected ESIA, got ${start.status} ${start.location} ${start.text.slice(0, 300)}`);
  const back = await signInAndDecide(gw.esia.url, browser as unknown as TestBrowser, start.location, persona);
  return browser.follow(back.toString(), {
    stopAt: (u) => u.origin !== gw.url && u.origin !== gw.esia.url,
  });
}

/** The gateway's answer leaves for Дневник.ру's callback; its backend redeems the code. */
async function redeemed(page: Page, request: RpRequest) {
  if (!page.location?.startsWith(`${gw.dnevnik.url}/oidc/callback?code=`))
    throw new Error(`no code for the diary: ${page.status} ${page.url} ${page.text.slice(0, 300)}`);
  return (await dnevnik.redeem(page.location, request)).claims()!;
}

/** Дневник.ру's backend pushes a link or unlink of `account`; the person goes through ESIA and confirms. */
async function changeLink(intent: 'link' | 'unlink', account: { userId: string; persona: string }) {
  const request = await dnevnik.pushed({ intent, account: account.userId });
  const browser = new JourneyBrowser();
  await browser.follow(request.url.href);
  const confirm = await throughEsia(browser, `${gw.url}/auth/esia/start?purpose=link`, account.persona);
  const back = await browser.follow(confirm.url, {
    form: { _csrf: csrfOf(confirm) },
    stopAt: (u) => u.origin !== gw.url,
  });
  return redeemed(back, request);
}

/** The vendor asks the decision API about Максим (15) at Дневник.ру. */
async function decision(): Promise<string> {
  const body = JSON.stringify({ userId: MAKSIM.userId, birthDate: MAKSIM.birthDate, roles: ['student'] });
  const res = await gw.vendorFetch('dnevnik-86', 'POST', '/api/vendor/v1/password-login/decision', body);
  return ((await res.json()) as { decision: string }).decision;
}

/** The local date in Yekaterinburg (region 86) `days` after today, as yyyy-mm-dd. */
const dayAfter = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Yekaterinburg' }).format(
    new Date(gw.clock.now().getTime() + days * 86_400_000),
  );

/** The figures of a console page's summary (`<dt>label</dt><dd>value</dd>`), by label. */
function figures(page: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of page.matchAll(/<dt[^>]*>([^<]+)<\/dt>\s*<dd[^>]*>([^<]+)<\/dd>/g))
    found[m[1]!.trim()] = m[2]!.replace(/\s+/g, ' ').trim();
  return found;
}

/** Runs `npm run ops -- …` as a real process (from source) on the demo's database. */
const ops = (args: string[]) => runOpsCli(args, { DATABASE_URL: gw.db.url });

describe('the console counts every sign-in, link, unlink, refusal, warning and access request when it happens', () => {
  it('two of each, driven through the journeys, read back from the page, the CSV, the ops API, the CLI and /metrics', async () => {
    // Two links, written when Дневник.ру redeems its code.
    expect((await changeLink('link', MAKSIM))['link']).toBe('created');
    expect((await changeLink('link', ELENA))['link']).toBe('created');

    // Two ESIA sign-ins at Дневник.ру's «Войти через Госуслуги» (its own OpenID client redeems the code).
    for (let i = 0; i < 2; i++) {
      const browser = new JourneyBrowser();
      const back = await throughEsia(browser, `${gw.dnevnik.url}/login/esia`, MAKSIM.persona);
      expect(back.location).toMatch(new RegExp(`^${gw.dnevnik.url}/oidc/callback\\?code=`));
      expect((await browser.follow(back.location!)).text).toContain('Иванов Максим');
    }

    // Two password sign-ins through the gateway's form (no policy yet: allowed).
    for (let i = 0; i < 2; i++) {
      const request = await dnevnik.request({ login_method: 'password' });
      const browser = new JourneyBrowser();
      const form = await browser.follow(request.url.href);
      const back = await browser.follow(form.url, {
        form: { _csrf: csrfOf(form), login: ELENA.login, password: ELENA_PASSWORD },
        stopAt: (u) => u.origin !== gw.url,
      });
      expect((await redeemed(back, request)).sub).toBe(ELENA.userId);
    }

    // Two unlinks, before any policy makes ESIA their only way in.
    expect((await changeLink('unlink', MAKSIM))['link']).toBe('removed');
    expect((await changeLink('unlink', ELENA))['link']).toBe('removed');

    // Two access requests from ЦОП («Не удалось найти вашу учетную запись» → «Обратиться в организацию»).
    for (let i = 0; i < 2; i++) {
      const browser = new JourneyBrowser();
      const notFound = await throughEsia(browser, `${gw.cop.url}/login/esia`, 'regional-operator');
      expect(notFound.text).toContain('Не удалось найти вашу учетную запись');
      const form = await browser.follow(`${gw.url}/requests/new?reason=profile_missing`);
      const sent = await sendAccessRequest(browser, gw.url, form, VOLKOV_REQUEST);
      expect(sent.text).toContain('Обращение принято');
    }

    // The vendor's decision API: two allowed (no policy), two warned (information window), two refused.
    expect([await decision(), await decision()]).toEqual(['allow', 'allow']);
    await gw.setPolicy('86', 'Asia/Yekaterinburg', { mode: 'enforce', cutoverDate: dayAfter(10) });
    expect([await decision(), await decision()]).toEqual(['warn', 'warn']);
    await gw.setPolicy('86', 'Asia/Yekaterinburg', { mode: 'enforce', cutoverDate: dayAfter(-1) });
    expect([await decision(), await decision()]).toEqual(['deny', 'deny']);

    await gw.activity.flush();
    await gw.cutover.stats.flush();
    const today = dayAfter(0);

    // PostgreSQL: one row per region, day, diary and kind.
    const counted = await gw.db.dataSource.query(
      `SELECT instance_id AS diary, kind, count::int AS n FROM activity_counts
       WHERE tenant_id = '86' AND day = $1 ORDER BY instance_id, kind`,
      [today],
    );
    expect(counted).toEqual([
      { diary: 'cop-86', kind: 'access_request', n: 2 },
      { diary: 'dnevnik-86', kind: 'link', n: 2 },
      { diary: 'dnevnik-86', kind: 'refusal', n: 2 },
      { diary: 'dnevnik-86', kind: 'sign_in_esia', n: 2 },
      { diary: 'dnevnik-86', kind: 'sign_in_password_decision', n: 4 },
      { diary: 'dnevnik-86', kind: 'sign_in_password_form', n: 2 },
      { diary: 'dnevnik-86', kind: 'unlink', n: 2 },
      { diary: 'dnevnik-86', kind: 'warning', n: 2 },
    ]);

    // /metrics, from the same events.
    const metrics = await (await fetch(`${metricsServer.url}/metrics`)).text();
    const metric = (diary: string, kind: string) =>
      new RegExp(`^elg_activity_total\\{region="86",diary="${diary}",kind="${kind}"\\} (\\d+)$`, 'm').exec(
        metrics,
      )?.[1];
    for (const row of counted as Array<{ diary: string; kind: string; n: number }>)
      expect([row.diary, row.kind, metric(row.diary, row.kind)]).toEqual([
        row.diary,
        row.kind,
        String(row.n),
      ]);

    // The operator's console: readiness of the region, today.
    await gw.grantOperator('1000300009', 'Волков Сергей Николаевич', ['86']);
    const operator = new JourneyBrowser();
    const home = await throughEsia(
      operator,
      `${gw.url}/auth/esia/start?purpose=operator`,
      'regional-operator',
    );
    expect(home.url).toBe(`${gw.url}/ops`);
    const page = await operator.follow(`${gw.url}/ops/regions/86/readiness`);
    expect(page.status).toBe(200);
    expect(figures(page.text)).toMatchObject({
      'Входы через Госуслуги': '2',
      'Входы по паролю': '6',
      'Доля Госуслуг': '25 %',
      Отказы: '2',
      Предупреждения: '2',
      Привязки: '2',
      Отвязки: '2',
      'Обращения в организацию': '2',
      'Активные привязки': '0',
    });
    const cop = await operator.follow(`${gw.url}/ops/regions/86/readiness?instance=cop-86`);
    expect(figures(cop.text)).toMatchObject({ 'Обращения в организацию': '2', 'Входы через Госуслуги': '0' });

    // The CSV the console exports, the ops API and the CLI: today's row.
    // The last two columns (active users, the share of them linked) are empty: no diary of 86 reports them.
    const row = `${today},0,2,6,0.2500,2,2,2,2,2,2,,`;
    const csv = await operator.follow(`${gw.url}/ops/regions/86/readiness.csv`);
    expect(csv.text.trimEnd().split('\r\n').at(-1)).toBe(row);
    const { token } = await new OperatorTokensRepository(gw.db.dataSource).issue({
      role: 'viewer',
      tenantIds: ['86'],
      createdBy: 'test',
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const api = await fetch(`${gw.url}/api/ops/v1/regions/86/readiness?days=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await api.json()) as { days: unknown[] }).days).toEqual([
      {
        day: today,
        activeLinks: 0,
        esiaSignIns: 2,
        passwordLogins: 6,
        esiaShare: 0.25,
        wouldDeny: 2,
        warned: 2,
        refusals: 2,
        links: 2,
        unlinks: 2,
        accessRequests: 2,
        activeUsers: null,
        activeUsersLinkedShare: null,
      },
    ]);
    const cli = await ops(['readiness', '--region', '86', '--days', '1']);
    expect(cli).toMatchObject({ code: 0, err: '' });
    expect(cli.out.trim().split('\n').at(-1)).toBe(row);
  });
});
