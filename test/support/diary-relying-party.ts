import type { JourneyBrowser, Page } from './journey-browser';
import type { JourneyHarness } from './journey-harness';

/**
 * Steps that every emulated diary's OpenID client tests share (test/emulators/*-oidc.test.ts): what a person
 * does on the gateway's pages once a diary has sent them there, and what an attacker does with an address.
 */

/** The hidden `csrf` field of a diary emulator's form. */
export function diaryCsrfOf(page: Page): string {
  const match = /name="csrf"\s+value="([^"]+)"/.exec(page.text);
  if (!match) throw new Error(`no csrf field on ${page.url}`);
  return match[1]!;
}

/** The value of the radio in «Вход в систему» whose organization and role contain these words. */
export function choiceOf(page: Page, organization: string, role: string): string {
  for (const [, value, label] of page.text.matchAll(
    /<input type="radio" name="choice" value="(\d+)"[^>]*\/>([\s\S]*?)<\/label/g,
  ))
    if (label!.includes(organization) && label!.includes(role)) return value!;
  throw new Error(`no choice «${organization}» as «${role}» on ${page.url}`);
}

/** «Вернуться в дневник» on a gateway page of an interaction: the address the link leads to. */
export function backToDiaryOf(h: JourneyHarness, page: Page): string {
  const match = /href="(\/interaction\/[^/"]+\/back)"/.exec(page.text);
  if (!match) throw new Error(`no «Вернуться в дневник» on ${page.url}`);
  return `${h.gatewayUrl}${match[1]}`;
}

/** Presses «Выйти» on the gateway's «Выйти из электронного дневника?» page; returns where that leads. */
export async function confirmGatewayLogout(browser: JourneyBrowser, page: Page): Promise<Page> {
  const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page.text)?.[1];
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!action || !xsrf) throw new Error(`no logout form on ${page.url}`);
  return browser.follow(action.replace(/&amp;/g, '&'), { form: { xsrf, logout: 'yes' } });
}

/**
 * Ends the person's session at the gateway from the gateway's own logout page, without any diary taking part:
 * each diary the session reached hears of it only through its back-channel logout.
 */
export async function endGatewaySession(h: JourneyHarness, browser: JourneyBrowser): Promise<Page> {
  const page = await browser.follow(`${h.gatewayUrl}/oidc/session/end`);
  return confirmGatewayLogout(browser, page);
}

/** The links written for an account of an instance (revoked ones too), oldest first. */
export function linksOf(
  h: JourneyHarness,
  instanceId: string,
  userId: string,
): Promise<Array<{ esia_oid: string; method: string; revoked: boolean }>> {
  return h.db.dataSource.query(
    `SELECT esia_oid, method, revoked_at IS NOT NULL AS revoked FROM links
      WHERE instance_id = $1 AND legacy_user_id = $2 ORDER BY linked_at`,
    [instanceId, userId],
  );
}
