import { ApiCapabilities } from '../adapters/diary-api/diary-api.schemas';
import {
  DiaryApiTransport,
  DiaryApiTransportError,
  type DiaryApiAuth,
  type DiaryApiResponse,
} from '../adapters/diary-api/diary-api.transport';
import { CHECKS, type CheckContext } from './conformance.checks';
import {
  ABILITIES,
  CheckFailure,
  describeRequest,
  type Ability,
  type CheckResult,
  type KitFixtures,
} from './conformance.types';

/** What a run needs: where the diary's API is, how to authenticate, the test data, the gateway's time limit. */
export interface ConformanceOptions {
  readonly baseUrl: string;
  readonly auth: DiaryApiAuth;
  readonly fixtures: KitFixtures;
  /** The gateway's per-request time limit (its VENDOR_TIMEOUT); answers slower than this fail timing.within-limit. */
  readonly timeoutMs: number;
}

/** The run's verdicts and what the diary declared. */
export interface ConformanceReport {
  readonly baseUrl: string;
  readonly declared: Readonly<Record<Ability, boolean>>;
  readonly results: readonly CheckResult[];
  readonly passed: boolean;
}

/** Which flags each declared ability needs, to be told before anything is sent. */
export const FIXTURES_NEEDED: Partial<Record<Ability, ReadonlyArray<keyof KitFixtures>>> = {
  passwordLogin: ['login', 'password'],
  snilsMatch: ['snils'],
  accessRequests: ['organizationId'],
};

/** Reads the diary's capabilities document (nothing declared when it cannot be read: capabilities.document fails). */
export async function readDeclaredAbilities(transport: DiaryApiTransport): Promise<Record<Ability, boolean>> {
  const none = Object.fromEntries(ABILITIES.map((a) => [a, false])) as Record<Ability, boolean>;
  try {
    const parsed = ApiCapabilities.safeParse(
      (await transport.send({ method: 'GET', path: '/capabilities' })).json,
    );
    return parsed.success ? parsed.data.abilities : none;
  } catch {
    return none;
  }
}

/**
 * Runs every check against a live diary: the capabilities document decides which ability checks run (the
 * others are reported skipped: not declared), each check's request, expectation and answer are kept for the
 * report. Requests get five times the time limit (at least 3 s) before they count as unanswered, so that a slow
 * diary fails timing.within-limit and not every other check too.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const transport = new DiaryApiTransport(
    options.baseUrl,
    options.auth,
    Math.max(options.timeoutMs * 5, 3000),
  );
  try {
    const declared = await readDeclaredAbilities(transport);
    const answers: DiaryApiResponse[] = [];
    const memory = new Map<string, string>();
    const results: CheckResult[] = [];
    for (const check of CHECKS) {
      const needs = check.needs;
      if (needs === 'hmac' ? options.auth.type !== 'hmac' : needs && !declared[needs]) {
        results.push({
          id: check.id,
          title: check.title,
          status: 'skip',
          received: needs === 'hmac' ? 'mutual TLS: no HMAC to refuse' : `${needs} not declared`,
          elapsedMs: 0,
        });
        continue;
      }
      let last: DiaryApiResponse | undefined;
      let lastPath = '';
      const ctx: CheckContext = {
        async send(request) {
          lastPath = `${request.method} ${transport.urlOf(request.path).href}`;
          last = await transport.send(request);
          answers.push(last);
          return last;
        },
        fixtures: options.fixtures,
        hmac: options.auth.type === 'hmac',
        timeoutMs: options.timeoutMs,
        answers,
        memory,
      };
      const started = Date.now();
      try {
        await check.run(ctx);
        results.push({ id: check.id, title: check.title, status: 'pass', elapsedMs: Date.now() - started });
      } catch (error) {
        const failure =
          error instanceof CheckFailure
            ? {
                expected: error.expected,
                received: error.received,
                ...(error.request ? { request: error.request } : {}),
              }
            : error instanceof DiaryApiTransportError
              ? {
                  expected: 'an answer',
                  received: error.reason === 'timeout' ? 'no answer in time' : 'unreachable',
                }
              : { expected: 'no error', received: error instanceof Error ? error.message : String(error) };
        results.push({
          id: check.id,
          title: check.title,
          status: 'fail',
          request: describeRequest(last, lastPath),
          ...failure,
          elapsedMs: Date.now() - started,
        });
      }
    }
    return { baseUrl: options.baseUrl, declared, results, passed: results.every((r) => r.status !== 'fail') };
  } finally {
    transport.close();
  }
}
