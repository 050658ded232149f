import type { Page } from 'playwright-core';
import type { JourneyRecorder } from './browser';

/** The ESIA emulator's two pages as a person meets them, for a browser already on its way there. */
export interface EsiaPages {
  page: Page;
  journey: JourneyRecorder;
  /** The ESIA emulator's base URL. */
  esiaUrl: string;
}

const heading = async (page: Page) => (await page.locator('h1').first().textContent())?.trim();

/**
 * Waits for ESIA; signs in there as the demo persona `fullName` unless ESIA's own session is still open for
 * that person (someone else's is left with «Войти под другой учётной записью»).
 */
export async function esiaAsPersona(at: EsiaPages, fullName: string): Promise<void> {
  const { page, journey, esiaUrl } = at;
  await page.waitForURL((u) => u.origin === esiaUrl);
  if ((await heading(page)) !== 'Вход' && !(await signedInAs(page, fullName))) {
    await journey.step('esia consent of someone else');
    await page.getByRole('link', { name: 'Войти под другой учётной записью' }).click();
    await page.waitForLoadState();
  }
  if ((await heading(page)) === 'Вход') {
    await journey.step('esia sign-in');
    const next = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
    await page.locator('button.persona', { hasText: fullName }).click();
    await next;
    await page.waitForLoadState();
  }
  await expectConsent(at, fullName);
}

/** Waits for ESIA; signs in with the person's phone and password, as the seeds describe it. */
export async function esiaWithPassword(at: EsiaPages, phone: string, password: string): Promise<void> {
  const { page, journey, esiaUrl } = at;
  await page.waitForURL((u) => u.origin === esiaUrl);
  if ((await heading(page)) === 'Вход') {
    await page.getByLabel('Телефон / Email / СНИЛС').fill(phone);
    await page.getByLabel('Пароль', { exact: true }).fill(password);
    await journey.step('esia sign-in');
    const next = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await next;
    await page.waitForLoadState();
  }
  await expectConsent(at);
}

/** Whether ESIA's consent page says «Вы вошли как» the person whose full name starts with `name`. */
async function signedInAs(page: Page, name: string): Promise<boolean> {
  const who = (await page.locator('.who').textContent())?.replace(/\s+/g, ' ') ?? '';
  return who.includes(`Вы вошли как ${name}`);
}

async function expectConsent({ page, journey }: EsiaPages, name?: string): Promise<void> {
  expect(await heading(page)).toBe('Предоставление прав доступа');
  if (name) expect(await signedInAs(page, name)).toBe(true);
  await journey.step('esia consent');
}

/** «Предоставить» on ESIA's consent page; resolves once the browser has left ESIA. */
export async function grantAtEsia({ page, esiaUrl }: EsiaPages): Promise<void> {
  await page.getByRole('button', { name: 'Предоставить', exact: true }).click();
  await page.waitForURL((u) => u.origin !== esiaUrl);
  await page.waitForLoadState();
}
