import fc from 'fast-check';
import { startJourneyHarness, type JourneyHarness } from '../../support/journey-harness';
import { vendorHeaders } from '../../support/full-gateway';
import {
  assertWellFormed,
  body,
  browserHeaders,
  closeFuzzClient,
  fuzzShare,
  queryString,
  send,
  value,
  type FuzzRequest,
} from './fuzz-client';

/**
 * fast-check over the journeys' pages and forms (link, unlink, sign-in, chooser, access requests, staff queue)
 * and their vendor API (link tickets, SSO exchange, link status), against the journey harness: real PostgreSQL
 * and the ESIA, Дневник.ру and ЦОП emulators. Forms are posted with a real session and its CSRF token, so the
 * fuzzed fields reach the handlers instead of stopping at the CSRF check.
 */
const PAGES = [
  '/link/start',
  '/unlink/start',
  '/link/password',
  '/link/notice',
  '/link/confirm',
  '/link/done',
  '/unlink/confirm',
  '/login/esia',
  '/login/choose',
  '/requests/new',
  '/requests/00000000-0000-4000-8000-000000000000',
  '/identify',
  '/staff/requests',
  '/auth/esia/callback',
];
const FORMS = [
  '/link/password',
  '/link/confirm',
  '/unlink/confirm',
  '/login/choose',
  '/requests/new',
  '/staff/requests/1',
];
const VENDOR = ['/api/vendor/v1/link-tickets', '/api/vendor/v1/sso/exchange', '/api/vendor/v1/openapi.json'];

let h: JourneyHarness;
let session: { cookie: string; csrf: string };
beforeAll(async () => {
  h = await startJourneyHarness();
  const page = await fetch(`${h.gatewayUrl}/link/password?instance=dnevnik-86`);
  const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  session = { cookie, csrf };
});
afterAll(async () => {
  closeFuzzClient();
  await h?.close();
});

const check = async (req: FuzzRequest) => assertWellFormed(req, await send(h.gatewayUrl, req));

const pagesRun = fuzzShare(2000);
it(
  `journey pages with arbitrary query strings: ${pagesRun.numRuns} requests`,
  async () => {
    const arbitrary = fc.record({
      path: fc.oneof(
        fc.constantFrom(...PAGES),
        value.map((v) => `/requests/${v}`),
      ),
      query: queryString,
      headers: browserHeaders,
      withSession: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, (r) =>
        check({
          method: 'GET',
          path: r.path + r.query,
          headers: r.withSession ? { ...r.headers, cookie: session.cookie } : r.headers,
        }),
      ),
      { numRuns: pagesRun.numRuns },
    );
  },
  pagesRun.timeoutMs,
);

const formsRun = fuzzShare(1500);
it(
  `journey forms posted with a valid session and CSRF token and arbitrary fields: ${formsRun.numRuns} requests`,
  async () => {
    const field = fc.oneof(
      value,
      fc.constantFrom('dnevnik-86', 'cop-86', 'ivanova', 'not-a-password', 'https://evil.example/'),
    );
    const arbitrary = fc.record({
      path: fc.oneof(
        fc.constantFrom(...FORMS),
        value.map((v) => `/staff/requests/${v}`),
      ),
      query: queryString,
      fields: fc.dictionary(
        fc.constantFrom(
          'login',
          'password',
          'returnUrl',
          'instance',
          'reason',
          'message',
          'contact',
          'choice',
          'decision',
          'answer',
          'organization',
          'role',
          'stay',
        ),
        field,
      ),
      raw: fc.option(body),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, (r) => {
        const form = [
          `_csrf=${encodeURIComponent(session.csrf)}`,
          ...Object.entries(r.fields).map(([k, v]) => `${k}=${v}`),
        ].join('&');
        const b = r.raw ?? { type: 'application/x-www-form-urlencoded', text: form };
        return check({
          method: 'POST',
          path: r.path + r.query,
          headers: { cookie: session.cookie, 'content-type': b.type, 'x-csrf-token': session.csrf },
          body: b.text,
        });
      }),
      { numRuns: formsRun.numRuns },
    );
  },
  formsRun.timeoutMs,
);

const vendorRun = fuzzShare(1000);
it(
  `journeys' vendor API with valid signatures and arbitrary JSON: ${vendorRun.numRuns} requests`,
  async () => {
    const arbitrary = fc.record({
      path: fc.oneof(
        fc.constantFrom(...VENDOR),
        fc
          .tuple(fc.constantFrom('dnevnik-86', 'cop-86', 'setevoy-38'), value)
          .map(([i, u]) => `/api/vendor/v1/links/${i}/${u}`),
      ),
      instance: fc.constantFrom('dnevnik-86', 'cop-86'),
      body: fc.oneof(
        fc
          .record(
            {
              userId: fc.oneof(fc.string({ maxLength: 140 }), fc.integer()),
              returnUrl: fc.oneof(fc.webUrl(), fc.string()),
              purpose: fc.constantFrom('link', 'unlink', 'x'),
              code: fc.oneof(fc.uuid(), fc.string()),
            },
            { requiredKeys: [] },
          )
          .map((v) => JSON.stringify(v)),
        fc.json({ maxDepth: 3 }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async (r) => {
        const method = r.path.includes('/links/') || r.path.endsWith('openapi.json') ? 'GET' : 'POST';
        const text = method === 'GET' ? '' : r.body;
        const headers = {
          ...vendorHeaders(h.keys[r.instance]!, method, r.path, text, h.clock.now()),
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        };
        await check({ method, path: r.path, headers, ...(method === 'POST' ? { body: text } : {}) });
      }),
      { numRuns: vendorRun.numRuns },
    );
  },
  vendorRun.timeoutMs,
);
