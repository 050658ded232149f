import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiaryOidcClient } from '../../emulators/shared/diary-oidc-client';
import { demoOidcClientSecret } from '../../emulators/shared/demo-oidc-credentials';
import { signInAndDecide, type TestBrowser } from '../../emulators/esia/testing/esia-test-client';
import { csrfOf, JourneyBrowser, type Page } from '../../test/support/journey-browser';

const ROOT = join(__dirname, '..', '..');

/** Иванова Елена: a Дневник.ру parent in two schools, and her ESIA persona. */
export const ELENA = { login: 'ivanova.elena', password: 'Dnevnik-Ivanova1', userId: '1000000000000000101' };
export const ELENA_PERSONA = 'parent-two-schools';

/**
 * config/ with only the Дневник.ру instance, moved to the emulator this bench started: its base URL and its
 * OpenID client registration (callback, logout, addresses) on the emulator's port.
 */
export function benchConfigDir(name: string, diaryUrl: string): string {
  const dir = join(ROOT, '.data', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tenants.json'), readFileSync(join(ROOT, 'config', 'tenants.json')));
  const instances = (
    JSON.parse(readFileSync(join(ROOT, 'config', 'instances.json'), 'utf8')) as Array<Record<string, unknown>>
  )
    .filter((i) => i.id === 'dnevnik-86')
    .map((i) => {
      const oidc = i['oidc'] as Record<string, unknown>;
      return {
        ...i,
        baseUrl: diaryUrl,
        oidc: {
          ...oidc,
          redirectUris: [`${diaryUrl}/oidc/callback`],
          postLogoutRedirectUris: [`${diaryUrl}/`],
          backchannelLogoutUri: `${diaryUrl}/oidc/backchannel-logout`,
          signInUrl: `${diaryUrl}/`,
          settingsUrl: `${diaryUrl}/`,
          apps: [],
        },
      };
    });
  writeFileSync(join(dir, 'instances.json'), JSON.stringify(instances, null, 2));
  return dir;
}

function csrfIn(page: Page): string {
  const match = /name="csrf"\s+value="([^"]+)"/.exec(page.text);
  if (!match) throw new Error(`no csrf field on ${page.url} (${page.status})`);
  return match[1]!;
}

/**
 * Flow A as a person does it: Елена signs in to the Дневник.ру emulator with her password, presses «Привязать…»
 * (the diary pushes the request to the gateway), goes through the gateway's notice and ESIA, confirms, and the
 * diary redeems the code: «Отлично!». Throws unless the diary says so.
 */
export async function linkOnce(gw: string, esia: string, diary: string): Promise<void> {
  const browser = new JourneyBrowser();
  const login = await browser.follow(`${diary}/login`);
  await browser.follow(`${diary}/login`, {
    form: { csrf: csrfIn(login), login: ELENA.login, password: ELENA.password },
    stopAt: () => true,
  });
  const settings = await browser.follow(`${diary}/settings`);
  const notice = await browser.follow(`${diary}/settings/esia-link`, { form: { csrf: csrfIn(settings) } });
  if (!/\/interaction\/[^/]+\/notice$/.test(notice.url))
    throw new Error(`expected the notice, got ${notice.status} ${notice.url}`);
  const start = await browser.follow(`${gw}/auth/esia/start?purpose=link`, {
    stopAt: (u) => u.origin === esia,
  });
  if (!start.location?.startsWith(esia)) throw new Error(`start answered ${start.status}`);
  const back = await signInAndDecide(
    esia,
    browser as unknown as TestBrowser,
    start.location,
    ELENA_PERSONA,
    'grant',
  );
  const confirm = await browser.follow(back.toString(), { stopAt: (u) => u.origin !== gw });
  if (!confirm.url.endsWith('/confirm'))
    throw new Error(
      `expected the confirmation, got ${confirm.status} ${confirm.url}: ${confirm.text.slice(0, 200)}`,
    );
  const done = await browser.follow(confirm.url, { form: { _csrf: csrfOf(confirm) } });
  if (!done.text.includes('Отлично!')) throw new Error(`expected «Отлично!», got ${done.status} ${done.url}`);
}

/** Дневник.ру's OpenID client, as its backend holds it (the demo secret), for `diaryUrl`'s callback. */
export function diaryClient(gw: string, diaryUrl: string): DiaryOidcClient {
  return new DiaryOidcClient(
    { issuer: `${gw}/oidc`, clientId: 'dnevnik-86', clientSecret: demoOidcClientSecret('dnevnik-86') },
    `${diaryUrl}/oidc/callback`,
  );
}

/**
 * Flow B end to end, with the driver as the diary's backend: the authorization request (state, nonce, PKCE),
 * the gateway's interaction, ESIA, «Вход в систему» (first school), the code at the diary's callback, and its
 * redemption at the token endpoint. Throws unless the ID token names Елена's diary account.
 */
export async function signInOnce(gw: string, esia: string, client: DiaryOidcClient): Promise<void> {
  const { url, pending } = await client.signIn();
  const browser = new JourneyBrowser();
  const start = await browser.follow(url.href, { stopAt: (u) => u.origin === esia });
  if (!start.location?.startsWith(esia)) throw new Error(`expected ESIA, got ${start.status} ${start.url}`);
  const back = await signInAndDecide(
    esia,
    browser as unknown as TestBrowser,
    start.location,
    ELENA_PERSONA,
    'grant',
  );
  const chooser = await browser.follow(back.toString(), { stopAt: (u) => u.origin !== gw });
  if (!chooser.url.endsWith('/choose'))
    throw new Error(`expected the chooser, got ${chooser.status} ${chooser.url}`);
  const chosen = await browser.follow(chooser.url, {
    form: { _csrf: csrfOf(chooser), choice: '0' },
    stopAt: (u) => u.origin !== gw,
  });
  if (!chosen.location) throw new Error(`expected the diary's callback, got ${chosen.status} ${chosen.url}`);
  const { claims } = await client.callback(new URL(chosen.location), pending);
  if (claims.sub !== ELENA.userId) throw new Error(`signed in as ${claims.sub}`);
}
