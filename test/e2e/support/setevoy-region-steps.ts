import type { Page } from 'playwright-core';
import { clickThrough } from './e2e-suite';

/** МАОУ «Гимназия № 74» г. Иркутска, where the demo's «Сетевой Регион» accounts of region 38 are. */
export const GYMNASIUM_74 = 'МАОУ «Гимназия № 74» г. Иркутска';

/**
 * Chooses an Irkutsk school in «Сетевой Регион»'s sign-in cascade, level by level; the page reloads at each
 * «Выбрать» (the cascade works without JavaScript). `afterLevel` runs after each level, e.g. for a journey step.
 */
export async function chooseIrkutskSchool(
  page: Page,
  school: string,
  afterLevel: (label: string) => Promise<unknown> = async () => undefined,
): Promise<void> {
  for (const [label, option] of [
    ['Городской округ / Муниципальный район', 'г. Иркутск'],
    ['Населённый пункт', 'Иркутск'],
    ['Тип ОО', 'Общеобразовательная'],
    ['Образовательная организация', school],
  ] as const) {
    await page.getByLabel(label, { exact: true }).selectOption({ label: option });
    await clickThrough(page, 'button', 'Выбрать');
    await afterLevel(label);
  }
}

/**
 * «Сетевой Регион»'s password form as the demo offers it: the demo account's cascade link on the start page fills
 * in the school, then the name, the password and «Войти»; the page after it is left open in `page`.
 */
export async function demoPasswordSignIn(
  page: Page,
  setevoyUrl: string,
  login: string,
  password: string,
): Promise<void> {
  await page.goto(`${setevoyUrl}/`);
  await page.locator('ul.demo li', { hasText: login }).getByRole('link').first().click();
  await page.waitForLoadState();
  await page.locator('input[name=UN]').fill(login);
  await page.locator('input[type=password]').fill(password);
  await page.locator('form[method=post]').getByRole('button', { name: 'Войти', exact: true }).click();
  await page.waitForLoadState();
}
