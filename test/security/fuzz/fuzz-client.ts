import http from 'node:http';
import fc from 'fast-check';

/** Cases of the whole fuzz suite: 10,500 in CI; FUZZ_RUNS=<n> for a larger run (shared out in the same proportions). */
export const FUZZ_TOTAL = (() => {
  const fromEnv = Number(process.env['FUZZ_RUNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 10_500;
})();

/** This property's share of FUZZ_TOTAL (its CI count out of 10,500), and a jest timeout that fits it. */
export function fuzzShare(ciCount: number): { numRuns: number; timeoutMs: number } {
  const numRuns = Math.max(1, Math.round((FUZZ_TOTAL * ciCount) / 10_500));
  return { numRuns, timeoutMs: Math.max(120_000, numRuns * 30) };
}

/** One crafted request. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

/** What came back (the body as text). */
export interface FuzzAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** Sends raw bytes (no client-side validation of the path) and fails on a hang after `timeoutMs`. */
export function send(base: string, req: FuzzRequest, timeoutMs = 5000): Promise<FuzzAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        // Framed explicitly: node sends a DELETE/OPTIONS body unframed, which a server reads as the next request.
        headers:
          req.body === undefined
            ? req.headers
            : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
        agent,
        insecureHTTPParser: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    outgoing.setTimeout(timeoutMs, () =>
      outgoing.destroy(new Error(`no answer in ${timeoutMs} ms (hang): ${req.method} ${req.path}`)),
    );
    outgoing.on('error', reject);
    if (req.body !== undefined) outgoing.write(req.body);
    outgoing.end();
  });
}

/** Closes the keep-alive sockets (at the end of a suite). */
export function closeFuzzClient(): void {
  agent.destroy();
}

/**
 * The rules every answer obeys: no 5xx, and a 4xx says what went wrong with a support reference (the
 * X-Request-Id) in JSON `error.reference` or on the HTML error page.
 */
export function assertWellFormed(req: FuzzRequest, answer: FuzzAnswer): void {
  const where = `${req.method} ${req.path.slice(0, 200)} → ${answer.status}`;
  if (answer.status >= 500)
    throw new Error(`server error: ${where}\n${answer.text.replace(/\s+/g, ' ').slice(0, 1500)}`);
  if (answer.status < 400 || req.method === 'HEAD') return;
  const reference = answer.headers['x-request-id'];
  if (typeof reference !== 'string' || !reference) throw new Error(`4xx without X-Request-Id: ${where}`);
  const type = String(answer.headers['content-type'] ?? '');
  if (type.includes('json')) {
    const body = JSON.parse(answer.text) as {
      error?: { code?: unknown; reference?: unknown; message?: unknown };
    };
    if (body.error?.reference !== reference || typeof body.error.code !== 'string' || !body.error.message)
      throw new Error(`4xx JSON without code, message and reference: ${where}\n${answer.text.slice(0, 300)}`);
  } else if (type.includes('html')) {
    if (!answer.text.includes(reference))
      throw new Error(`4xx page without the support reference: ${where}\n${answer.text.slice(0, 300)}`);
  } else throw new Error(`4xx neither JSON nor HTML (${type}): ${where}`);
}

const NASTY = [
  '',
  '%',
  '%zz',
  '%00',
  '%c0%af',
  '..%2f..%2fetc%2fpasswd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${7*7}',
  '__proto__',
  'constructor',
  '\u202e',
  'x'.repeat(5000),
  '😀',
  'Привет',
  'null',
  '[]',
  '{}',
];

/** A query or path value: anything printable, nasty classics, and raw (possibly broken) percent-encoding. */
export const value = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom(...NASTY).map((v) => (v.startsWith('%') ? v : encodeURIComponent(v))),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%ff%fe', '%2e%2e', '%0d%0a'),
  fc.uuid(),
);

/** A query string over the parameter names the gateway reads, plus arbitrary ones and duplicates. */
export const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'state',
          'code',
          'error',
          'error_description',
          'purpose',
          'instance',
          'ticket',
          'returnUrl',
          'lang',
          'iss',
          'id',
          '__proto__',
          'purpose[]',
        ),
        fc.string({ maxLength: 10 }).map(encodeURIComponent),
      ),
      value,
    ),
    { maxLength: 6 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

/** Request headers a browser or an attacker might send. */
export const browserHeaders = fc.record(
  {
    accept: fc.constantFrom(
      'text/html',
      'application/json',
      '*/*',
      'image/png',
      '',
      'text/html;q=0,application/json',
    ),
    'accept-language': fc.constantFrom('ru', 'en', 'en-US,en;q=0.9', '*', 'zz', ';;;'),
    cookie: fc.oneof(
      fc.constant('elg.sid=s%3Aforged.sig'),
      fc.string({ maxLength: 60 }).map((s) => `elg.sid=${encodeURIComponent(s)}`),
      fc.constant('elg.sid=%'),
    ),
    'x-request-id': fc.oneof(
      fc.string({ maxLength: 80 }).map(encodeURIComponent),
      fc.constant('ok-request-id-1'),
    ),
    'x-csrf-token': fc.string({ maxLength: 40 }).map(encodeURIComponent),
  },
  { requiredKeys: [] },
);

/** A body and its declared content type: JSON, forms, garbage, wrong charsets, lies about the type. */
export const body = fc.oneof(
  fc.json({ maxDepth: 3 }).map((text) => ({ type: 'application/json', text })),
  fc.jsonValue({ maxDepth: 2 }).map((v) => ({ type: 'application/json', text: JSON.stringify(v) })),
  fc.string({ maxLength: 200 }).map((text) => ({ type: 'application/json', text })),
  fc
    .dictionary(
      fc.constantFrom('_csrf', 'login', 'password', 'returnUrl', 'reason', 'message', 'choice', 'x'),
      value,
    )
    .map((d) => ({
      type: 'application/x-www-form-urlencoded',
      text: Object.entries(d)
        .map(([k, v]) => `${k}=${v}`)
        .join('&'),
    })),
  fc.string({ maxLength: 200 }).map((text) => ({ type: 'application/x-www-form-urlencoded', text })),
  fc.constantFrom(
    { type: 'application/json; charset=koi8-r', text: '{"a":1}' },
    { type: 'application/json; charset=utf-7', text: '{}' },
    { type: 'text/plain', text: 'hello' },
    { type: 'multipart/form-data; boundary=x', text: '--x\r\n\r\n--x--' },
    { type: 'application/x-www-form-urlencoded', text: 'a=1&'.repeat(300) },
    { type: 'application/json', text: '{"a":'.repeat(200) },
    { type: 'application/json', text: `{"x":"${'y'.repeat(70_000)}"}` },
  ),
);
