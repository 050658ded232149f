import { signInAndDecide, TestBrowser } from '../../emulators/esia/testing/esia-test-client';

/** What the gateway's page says once the person is signed in. */
const MARKER = 'Вы вошли как';

/** One complete sign-in by a fresh browser (own cookie jar at both origins); fails unless the page greets her. */
export async function signIn(gatewayUrl: string, esiaUrl: string, persona: string): Promise<void> {
  const browser = new TestBrowser();
  const start = await browser.get(`${gatewayUrl}/auth/esia/start?purpose=login`);
  await start.arrayBuffer();
  const location = start.headers.get('location');
  if (start.status !== 302 || !location) throw new Error(`start answered ${start.status}`);
  const back = await signInAndDecide(esiaUrl, browser, location, persona, 'grant');
  const page = await browser.get(back.toString());
  const text = await page.text();
  if (page.status !== 200 || !text.includes(MARKER))
    throw new Error(`callback answered ${page.status}: ${text.slice(0, 300)}`);
}
