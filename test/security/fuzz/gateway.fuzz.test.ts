import fc from 'fast-check';
import { startFullGateway, vendorHeaders, type FullGateway } from '../../support/full-gateway';
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
 * fast-check over every public endpoint of the gateway with ESIA, the cutover policy, /info, the vendor API and
 * the ops API (the journeys' pages and API: journeys.fuzz.test.ts): no 5xx, no hang, and every refusal a 4xx
 * with a reference. Failures print fast-check's seed and the shrunk request.
 */
const BROWSER_PATHS = [
  '/',
  '/info',
  '/auth/esia/start',
  '/auth/esia/callback',
  '/healthz',
  '/readyz',
  '/static/app.css',
];
const VENDOR_PATHS = ['/api/vendor/v1/password-login/decision', '/api/vendor/v1/password-reset/decision'];
const OPS_PATHS = [
  '/api/ops/v1/regions',
  '/api/ops/v1/regions/86',
  '/api/ops/v1/regions/86/policy',
  '/api/ops/v1/regions/86/policy/preview',
  '/api/ops/v1/regions/86/bypasses',
  '/api/ops/v1/regions/86/readiness',
  '/api/ops/v1/audit',
  '/api/ops/v1/openapi.json',
];
const METHODS = fc.constantFrom('GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');

let gw: FullGateway;
beforeAll(async () => {
  gw = await startFullGateway();
  await gw.setPolicy('86', 'Asia/Yekaterinburg', { mode: 'enforce', cutoverDate: '2026-09-01' });
});
afterAll(async () => {
  closeFuzzClient();
  await gw?.close();
});

const check = async (req: FuzzRequest) => assertWellFormed(req, await send(gw.url, req));

function withBody(
  method: string,
  path: string,
  headers: Record<string, string>,
  b: { type: string; text: string } | null,
): FuzzRequest {
  if (!b || method === 'GET' || method === 'HEAD') return { method, path, headers };
  return { method, path, headers: { ...headers, 'content-type': b.type }, body: b.text };
}

const browserRun = fuzzShare(3000);
it(
  `browser pages and the ESIA start/callback: ${browserRun.numRuns} crafted requests`,
  async () => {
    const arbitrary = fc.record({
      method: METHODS,
      path: fc.oneof(
        fc.constantFrom(...BROWSER_PATHS),
        fc.constantFrom(...BROWSER_PATHS).chain((p) => value.map((v) => `${p}/${v}`)),
        value.map((v) => `/${v}`),
      ),
      query: queryString,
      headers: browserHeaders,
      body: fc.option(body),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, (r) => check(withBody(r.method, r.path + r.query, r.headers, r.body))),
      { numRuns: browserRun.numRuns },
    );
  },
  browserRun.timeoutMs,
);

const signedRun = fuzzShare(1500);
it(
  `vendor API with valid signatures and arbitrary JSON: ${signedRun.numRuns} requests`,
  async () => {
    const arbitrary = fc.record({
      path: fc.constantFrom(...VENDOR_PATHS),
      instance: fc.constantFrom('dnevnik-86', 'setevoy-38', 'cop-86'),
      body: fc.oneof(
        fc
          .record(
            {
              userId: fc.oneof(fc.string({ maxLength: 140 }), fc.integer(), fc.constant(null)),
              birthDate: fc.oneof(
                fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
                fc.string({ maxLength: 12 }),
                fc.constantFrom('2011-02-29', '2011-13-01', '0000-00-00', '9999-12-31', null),
              ),
              roles: fc.oneof(
                fc.array(fc.constantFrom('student', 'parent', 'teacher', 'staff', 'admin', ''), {
                  maxLength: 6,
                }),
                fc.string(),
              ),
            },
            { requiredKeys: [] },
          )
          .map((v) => JSON.stringify(v)),
        fc.json({ maxDepth: 3 }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async (r) => {
        const key = gw.keys[r.instance]!;
        const headers = {
          ...vendorHeaders(key, 'POST', r.path, r.body, gw.clock.now()),
          'content-type': 'application/json',
        };
        await check({ method: 'POST', path: r.path, headers, body: r.body });
      }),
      { numRuns: signedRun.numRuns },
    );
  },
  signedRun.timeoutMs,
);

const unsignedRun = fuzzShare(1000);
it(
  `vendor API with missing, stale and wrong signatures: ${unsignedRun.numRuns} requests`,
  async () => {
    const header = fc.oneof(fc.string({ maxLength: 70 }).map(encodeURIComponent), fc.constant(''));
    const arbitrary = fc.record({
      method: METHODS,
      path: fc.oneof(
        fc.constantFrom(...VENDOR_PATHS),
        value.map((v) => `/api/vendor/v1/${v}`),
      ),
      query: queryString,
      body: body,
      spoil: fc.record(
        {
          'x-elg-key-id': fc.oneof(header, fc.constant('demo-dnevnik-86')),
          'x-elg-timestamp': fc.oneof(header, fc.integer().map(String), fc.constant('1')),
          'x-elg-nonce': fc.oneof(header, fc.constant('AAAAAAAAAAAAAAAAAAAAAA')),
          'x-elg-signature': header,
        },
        { requiredKeys: [] },
      ),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, (r) => check(withBody(r.method, r.path + r.query, r.spoil, r.body))),
      { numRuns: unsignedRun.numRuns },
    );
  },
  unsignedRun.timeoutMs,
);

const opsRun = fuzzShare(500);
it(
  `ops API with arbitrary bearer tokens and bodies: ${opsRun.numRuns} requests`,
  async () => {
    const arbitrary = fc.record({
      method: METHODS,
      path: fc.oneof(
        fc.constantFrom(...OPS_PATHS),
        value.map((v) => `/api/ops/v1/regions/${v}`),
      ),
      authorization: fc.oneof(
        fc.string({ maxLength: 80 }).map((s) => `Bearer ${encodeURIComponent(s)}`),
        fc.constantFrom('', 'Bearer', 'Basic YTpi', 'Bearer elg_op_' + 'x'.repeat(40)),
      ),
      body: body,
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, (r) =>
        check(withBody(r.method, r.path, { authorization: r.authorization }, r.body)),
      ),
      { numRuns: opsRun.numRuns },
    );
  },
  opsRun.timeoutMs,
);
