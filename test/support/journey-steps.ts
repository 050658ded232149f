import { signVendorRequest } from '../../emulators/cop-hmao/gateway.client';
import { csrfOf, type JourneyBrowser, type Page } from './journey-browser';
import type { JourneyHarness } from './journey-harness';

/** Signs in to the Дневник.ру emulator with a password and presses «Привязать…» in its settings: the gateway's notice page. */
export async function linkFromDiarySettings(
  h: JourneyHarness,
  browser: JourneyBrowser,
  login: string,
  password: string,
): Promise<Page> {
  const base = h.dnevnik.url;
  const loginPage = await browser.follow(`${base}/login`);
  const csrf = /name="csrf"\s+value="([^"]+)"/.exec(loginPage.text)![1]!;
  await browser.follow(`${base}/login`, { form: { csrf, login, password }, stopAt: () => true });
  const settings = await browser.follow(`${base}/settings`);
  const settingsCsrf = /name="csrf"\s+value="([^"]+)"/.exec(settings.text)![1]!;
  return browser.follow(`${base}/settings/esia-link`, { form: { csrf: settingsCsrf } });
}

/** From the notice page on: ESIA as `persona`, back at the gateway (the confirmation page or a refusal). */
export function linkThroughEsia(
  h: JourneyHarness,
  browser: JourneyBrowser,
  persona: string,
  decision: 'grant' | 'deny' = 'grant',
) {
  return h.throughEsia(browser, `${h.gatewayUrl}/auth/esia/start?purpose=link`, persona, decision);
}

/**
 * Presses «Привязать» on the gateway's confirmation page and follows the browser back to the diary, whose
 * callback redeems the code (the link is written then) and shows its own page.
 */
export function confirmLink(_h: JourneyHarness, browser: JourneyBrowser, confirmPage: Page): Promise<Page> {
  return browser.follow(confirmPage.url, { form: { _csrf: csrfOf(confirmPage) } });
}

/** Presses «Привязать» and stops at the redirect to the diary's callback (not followed: nothing is redeemed). */
export async function confirmWithoutReturning(
  h: JourneyHarness,
  browser: JourneyBrowser,
  confirmPage: Page,
): Promise<string> {
  const back = await browser.follow(confirmPage.url, {
    form: { _csrf: csrfOf(confirmPage) },
    stopAt: (u) => u.origin !== h.gatewayUrl,
  });
  if (!back.location || new URL(back.location).origin === h.gatewayUrl)
    throw new Error(`no redirect to the diary: ${back.status} ${back.text.slice(0, 200)}`);
  return back.location;
}

/** «Войти через Госуслуги» at a diary emulator (`diaryUrl`/login/esia) as `persona`: the page after ESIA. */
export function signInAtDiary(h: JourneyHarness, browser: JourneyBrowser, diaryUrl: string, persona: string) {
  return h.throughEsia(browser, `${diaryUrl}/login/esia`, persona);
}

/** What a person writes in the gateway's access request form («Обратиться в организацию»). */
export interface AccessRequestFields {
  organizationId: string;
  role: string;
  message: string;
  contact: string;
}

/** Волков (persona regional-operator), whom ЦОП's records lack: his request for his son's school. */
export const VOLKOV_REQUEST: AccessRequestFields = {
  organizationId: '8603010074',
  role: 'parent',
  message: 'Сын учится в 5 «В», меня нет в личном деле',
  contact: 'volkov@example.ru',
};

/**
 * Sends the gateway's access request form (`form`: the page that shows it, for its CSRF token) filled in with
 * `fields`, for the reason «my profile is missing»; the page it leads to («Обращение принято» when accepted).
 */
export function sendAccessRequest(
  browser: JourneyBrowser,
  gatewayUrl: string,
  form: Page,
  fields: AccessRequestFields,
): Promise<Page> {
  return browser.follow(`${gatewayUrl}/requests/new`, {
    form: { _csrf: csrfOf(form), reason: 'profile_missing', ...fields },
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- vendor answers are read loosely in assertions
type Json = Record<string, any>;

/** A signed vendor API call, as a diary backend makes it. */
export async function vendorCall(
  h: JourneyHarness,
  instanceId: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const key = h.keys[instanceId]!;
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers = signVendorRequest({
    method,
    pathWithQuery: path,
    body: text,
    keyId: key.keyId,
    secret: key.secret,
    now: h.clock.now(),
  });
  const response = await fetch(`${h.gatewayUrl}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: text }),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

/** Rows of a table, for assertions. */
export async function rows<T = Record<string, unknown>>(
  h: JourneyHarness,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return h.db.dataSource.query(sql, params);
}
