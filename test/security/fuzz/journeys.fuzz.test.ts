import fc from 'fast-check';
import { csrfOf, JourneyBrowser } from '../../support/journey-browser';
import { startJourneyHarness, type JourneyHarness } from '../../support/journey-harness';
import { vendorHeaders } from '../../support/full-gateway';
import { TestRelyingParty } from '../../support/test-relying-party';
import {
  assertWellFormed,
  body,
  browserHeaders,
  closeFuzzClient,
  fuzzShare,
  queryString,
  send,
  value,
  type FuzzAnswer,
  type FuzzRequest,
} from './fuzz-client';

/**
 * fast-check over the journeys' interaction pages and forms (link, unlink, sign-in, chooser, the gateway's
 * password form, access requests, staff queue), the OpenID Provider's endpoints (authorization, PAR, token,
 * userinfo, revocation, logout, discovery) and the journeys' vendor API (link status), against the journey
 * harness: real PostgreSQL and the ESIA, Дневник.ру and ЦОП emulators. Forms are posted inside a live
 * interaction with its cookies and CSRF token, so the fuzzed fields reach the handlers instead of stopping at
 * the CSRF check. Every answer: no 5xx within 5 s; a gateway 4xx as assertWellFormed says; a provider 4xx an
 * OAuth error (JSON `error`) or a page with the support reference; and no redirect leaves for an address that
 * no diary registered.
 */
const STEPS = [
  '',
  '/notice',
  '/confirm',
  '/unlink',
  '/choose',
  '/password',
  '/password/reset',
  '/esia',
  '/finish',
  '/back',
  '/left',
];
const FORMS = ['/password', '/password/continue', '/confirm', '/unlink', '/choose', '/leave'];
const JOURNEY_PAGES = [
  '/requests/new',
  '/requests/00000000-0000-4000-8000-000000000000',
  '/identify',
  '/staff/requests',
  '/auth/esia/callback',
];
const PROVIDER_GETS = [
  '/oidc/auth',
  '/oidc/.well-known/openid-configuration',
  '/oidc/jwks',
  '/oidc/session/end',
  '/oidc/me',
];
const PROVIDER_POSTS = [
  '/oidc/token',
  '/oidc/request',
  '/oidc/token/revocation',
  '/oidc/me',
  '/oidc/session/end/confirm',
];

/** Parameters the provider and the interactions read, with values near and far from valid ones. */
const oidcQuery = (h: () => JourneyHarness) =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'client_id',
          'redirect_uri',
          'response_type',
          'scope',
          'state',
          'nonce',
          'code_challenge',
          'code_challenge_method',
          'request_uri',
          'prompt',
          'max_age',
          'login_method',
          'intent',
          'account',
          'id_token_hint',
          'post_logout_redirect_uri',
          'code',
          'grant_type',
          'code_verifier',
          'token',
          'xsrf',
          'logout',
        ),
        fc.oneof(
          value,
          fc
            .constantFrom(
              'dnevnik-86',
              'cop-86',
              'dnevnik-86-app',
              'code',
              'openid',
              'openid offline_access',
              'S256',
              'plain',
              'login',
              'consent',
              'none',
              '0',
              '-1',
              'password',
              'link',
              'unlink',
              'authorization_code',
              'refresh_token',
              'urn:ietf:params:oauth:request_uri:x',
              'ru.dnevnik.demo:/oauth2redirect',
              'https://evil.example/cb',
            )
            .map(encodeURIComponent),
          fc.constant(null).map(() => encodeURIComponent(`${h().dnevnik.url}/oidc/callback`)),
        ),
      ),
      { maxLength: 10 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

let h: JourneyHarness;
let session: { cookie: string; csrf: string; uid: string; basic: string };
beforeAll(async () => {
  h = await startJourneyHarness();
  // A live interaction: Дневник.ру pushed a link request without an account, the browser is at its password form.
  const diary = await TestRelyingParty.of(h, 'dnevnik-86');
  const browser = new JourneyBrowser();
  const form = await browser.follow((await diary.pushed({ intent: 'link' })).url.href);
  const jars = (browser as unknown as { jars: Map<string, Map<string, string>> }).jars;
  const jar = jars.get(new URL(h.gatewayUrl).origin)!;
  session = {
    cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    csrf: csrfOf(form),
    uid: /\/interaction\/([^/]+)\//.exec(form.url)![1]!,
    basic: Buffer.from(`dnevnik-86:${h.oidcSecrets['dnevnik-86']}`).toString('base64'),
  };
});
afterAll(async () => {
  closeFuzzClient();
  await h?.close();
});

/** Where a redirect may lead: the gateway itself, or an address some diary (or its app) registered. */
function assertNoForeignRedirect(req: FuzzRequest, answer: FuzzAnswer): void {
  const location = answer.headers['location'];
  if (answer.status < 300 || answer.status >= 400 || typeof location !== 'string') return;
  const target = new URL(location, h.gatewayUrl);
  const allowed = [h.gatewayUrl, h.esia.url, h.dnevnik.url, h.cop.url, h.setevoy.url];
  if (target.protocol === 'ru.dnevnik.demo:' || allowed.includes(target.origin)) return;
  throw new Error(`redirect to an unregistered address: ${req.method} ${req.path} → ${location}`);
}

/** The provider answers its own errors: OAuth JSON (`error`), or its error page with the support reference. */
function assertProviderAnswer(req: FuzzRequest, answer: FuzzAnswer): void {
  const where = `${req.method} ${req.path.slice(0, 200)} → ${answer.status}`;
  if (answer.status >= 500)
    throw new Error(`server error: ${where}\n${answer.text.replace(/\s+/g, ' ').slice(0, 1500)}`);
  assertNoForeignRedirect(req, answer);
  if (answer.status < 400 || req.method === 'HEAD') return;
  const type = String(answer.headers['content-type'] ?? '');
  if (type.includes('json')) {
    const parsed = JSON.parse(answer.text) as { error?: unknown };
    if (typeof parsed.error !== 'string') throw new Error(`4xx JSON without an OAuth error: ${where}`);
  } else {
    const reference = answer.headers['x-request-id'];
    if (typeof reference !== 'string' || !answer.text.includes(reference))
      throw new Error(`4xx page without the support reference: ${where}\n${answer.text.slice(0, 300)}`);
  }
}

const check = async (req: FuzzRequest) => {
  const answer = await send(h.gatewayUrl, req);
  if (req.path.startsWith('/oidc')) return assertProviderAnswer(req, answer);
  assertWellFormed(req, answer);
  assertNoForeignRedirect(req, answer);
};

const pagesRun = fuzzShare(2000);
it(
  `interaction and journey pages and the provider's GET endpoints with arbitrary query strings: ${pagesRun.numRuns} requests`,
  async () => {
    const arbitrary = fc.record({
      path: fc.oneof(
        fc.constantFrom(...STEPS).map((step) => `/interaction/${session.uid}${step}`),
        fc.tuple(value, fc.constantFrom(...STEPS)).map(([uid, step]) => `/interaction/${uid}${step}`),
        fc.constantFrom(...JOURNEY_PAGES, ...PROVIDER_GETS),
        value.map((v) => `/oidc/auth/${v}`),
        value.map((v) => `/requests/${v}`),
      ),
      query: fc.oneof(
        queryString,
        oidcQuery(() => h).map((q) => (q ? `?${q}` : '')),
      ),
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
  `interaction forms (live interaction, valid session and CSRF token) and the provider's POST endpoints with arbitrary fields: ${formsRun.numRuns} requests`,
  async () => {
    const field = fc.oneof(
      value,
      fc.constantFrom('dnevnik-86', 'cop-86', 'ivanova.elena', 'not-a-password', 'https://evil.example/'),
    );
    const arbitrary = fc.record({
      path: fc.oneof(
        fc.constantFrom(...FORMS).map((form) => `/interaction/${session.uid}${form}`),
        fc.constantFrom('/requests/new', '/staff/requests/1', ...PROVIDER_POSTS),
        value.map((v) => `/staff/requests/${v}`),
      ),
      fields: fc.dictionary(
        fc.constantFrom(
          'login',
          'password',
          'instance',
          'organizationId',
          'municipality',
          'reason',
          'message',
          'contact',
          'choice',
          'decision',
          'stay',
          'role',
        ),
        field,
      ),
      oidc: oidcQuery(() => h),
      raw: fc.option(body),
      auth: fc.constantFrom('none', 'basic', 'wrong'),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, (r) => {
        const form = [
          `_csrf=${encodeURIComponent(session.csrf)}`,
          ...Object.entries(r.fields).map(([k, v]) => `${k}=${v}`),
          ...(r.oidc ? [r.oidc] : []),
        ].join('&');
        const b = r.raw ?? { type: 'application/x-www-form-urlencoded', text: form };
        const authorization: Record<string, string> =
          r.auth === 'basic'
            ? { authorization: `Basic ${session.basic}` }
            : r.auth === 'wrong'
              ? { authorization: 'Basic ZG5ldm5pay04Njp3cm9uZw==' }
              : {};
        return check({
          method: 'POST',
          path: r.path,
          headers: {
            cookie: session.cookie,
            'content-type': b.type,
            'x-csrf-token': session.csrf,
            ...authorization,
          },
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
  `journeys' vendor API with valid signatures: ${vendorRun.numRuns} requests`,
  async () => {
    const arbitrary = fc.record({
      path: fc.oneof(
        fc.constant('/api/vendor/v1/openapi.json'),
        fc
          .tuple(fc.constantFrom('dnevnik-86', 'cop-86', 'setevoy-38'), value)
          .map(([i, u]) => `/api/vendor/v1/links/${i}/${u}`),
        value.map((v) => `/api/vendor/v1/${v}`),
      ),
      instance: fc.constantFrom('dnevnik-86', 'cop-86'),
      method: fc.constantFrom('GET', 'POST'),
      body: fc.json({ maxDepth: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async (r) => {
        const text = r.method === 'GET' ? '' : r.body;
        const headers = {
          ...vendorHeaders(h.keys[r.instance]!, r.method, r.path, text, h.clock.now()),
          ...(r.method === 'POST' ? { 'content-type': 'application/json' } : {}),
        };
        await check({
          method: r.method,
          path: r.path,
          headers,
          ...(r.method === 'POST' ? { body: text } : {}),
        });
      }),
      { numRuns: vendorRun.numRuns },
    );
  },
  vendorRun.timeoutMs,
);
