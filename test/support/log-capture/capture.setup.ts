/**
 * Jest `setupFiles` entry (runs in every test file's module registry before the file loads), active when
 * LOG_CAPTURE_DIR is set (the global setup sets it for every `npm test`):
 *
 * 1. every logger made through src/logger.ts createLogger also writes each line, after redaction, exactly as
 *    its real destination would get it, to <dir>/logs-<pid>.jsonl. A logger made `silent` by a test is captured
 *    at `info`, the production level, so a quiet suite cannot hide a leak;
 * 2. `fetch` (what the harnesses' browsers, the vendor clients and the gateway's own ESIA/OIDC client use) is
 *    watched for the secrets that cross the wire: session cookies, `code`/`state`/`ticket` in redirects, tokens
 *    and tickets in JSON answers, codes, verifiers and passwords in form bodies. They are appended to
 *    <dir>/secrets-<pid>.txt for the final scan (scan-logs.global-teardown.ts).
 */
import type * as FsModule from 'node:fs';
import type * as PinoModule from 'pino';
import type * as LoggerModule from '../../../src/logger';
import type * as CapturePaths from './capture-paths';
import { recordSecret } from './record-secret';

const CAPTURE_DIR = process.env['LOG_CAPTURE_DIR'];

if (CAPTURE_DIR) {
  jest.mock('../../../src/logger', () => {
    /* eslint-disable @typescript-eslint/no-require-imports -- inside a jest.mock factory */
    const actual = jest.requireActual<typeof LoggerModule>('../../../src/logger');
    const pino = jest.requireActual<typeof PinoModule>('pino');
    const { appendFileSync } = jest.requireActual<typeof FsModule>('node:fs');
    const { captureFiles } = require('./capture-paths') as typeof CapturePaths;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const file = captureFiles(process.env['LOG_CAPTURE_DIR']!).logs;
    const sink = { write: (line: string) => appendFileSync(file, line) };
    return {
      ...actual,
      createLogger(options: Parameters<typeof actual.createLogger>[0]) {
        const silent = options.level === 'silent';
        const level = silent ? 'info' : options.level;
        const streams: Parameters<typeof pino.multistream>[0] = [{ level: level as 'info', stream: sink }];
        if (!silent)
          streams.push({
            level: options.level as 'info',
            stream: options.destination ?? pino.destination(1),
          });
        return actual.createLogger({ level, destination: pino.multistream(streams) });
      },
    };
  });
  watchFetch();
}

const SECRET_FIELDS = new Set([
  'access_token',
  'id_token',
  'refresh_token',
  'code',
  'code_verifier',
  'client_secret',
  'ticket',
  'token',
  'password',
  'state',
  'secret',
]);

function recordFields(entries: Iterable<[string, unknown]>, kind: string): void {
  for (const [key, value] of entries) if (SECRET_FIELDS.has(key)) recordSecret(`${kind}:${key}`, value);
}

// Error codes (`{"error":{"code":"headers_missing"}}`) and other snake_case identifiers are names, not secrets.
const IDENTIFIER = /^[a-z][a-z0-9_.-]*$/;

function recordJson(value: unknown, depth = 0): void {
  if (!value || typeof value !== 'object' || depth > 4) return;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'error') continue;
    if (typeof v === 'string' && SECRET_FIELDS.has(key) && !IDENTIFIER.test(v))
      recordSecret(`json:${key}`, v);
    else recordJson(v, depth + 1);
  }
}

function recordRequest(input: unknown, init: RequestInit | undefined): void {
  try {
    const url = new URL(String(input instanceof Request ? input.url : input));
    recordFields(url.searchParams, 'query');
  } catch {
    /* not a URL we can read */
  }
  const body = init?.body;
  if (typeof body === 'string' && body.length < 100_000) {
    if (body.startsWith('{')) {
      try {
        recordJson(JSON.parse(body));
      } catch {
        /* not JSON */
      }
    } else recordFields(new URLSearchParams(body), 'form');
  } else if (body instanceof URLSearchParams) recordFields(body, 'form');
}

/**
 * Cookies whose value is no secret: the OpenID Provider's interaction and resume cookies hold the interaction
 * id, which is also in the interaction's URL (and so in the request log, where support looks it up); what binds
 * an interaction to its browser is the cookie's signature (`.sig`), which is recorded like every other cookie.
 */
const PUBLIC_COOKIES = new Set(['elg.op.i', 'elg.op.r', '__Secure-elg.op.i', '__Secure-elg.op.r']);

function recordResponse(response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [name, ...rest] = line.split(';')[0]!.split('=');
    const value = decodeURIComponent(rest.join('='));
    if (PUBLIC_COOKIES.has(name!.trim())) continue;
    recordSecret('cookie', value);
    const sid = /^s:([^.]+)\./.exec(value)?.[1];
    if (sid) recordSecret('session-id', sid);
  }
  const location = response.headers.get('location');
  if (location)
    try {
      recordFields(new URL(location, 'http://x').searchParams, 'redirect');
    } catch {
      /* not a URL */
    }
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json'))
    void response
      .clone()
      .json()
      .then(
        (value) => recordJson(value),
        () => undefined,
      );
}

function watchFetch(): void {
  const original = globalThis.fetch;
  globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    recordRequest(input, init);
    const response = await original(input, init);
    recordResponse(response);
    return response;
  };
}
