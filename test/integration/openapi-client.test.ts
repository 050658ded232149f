import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { OPS_OPENAPI } from '../../src/http/ops/ops-openapi';
import { vendorOpenApi } from '../../src/http/vendor-api/openapi.document';

/**
 * What a vendor's engineer does with our documents: generate TypeScript types with openapi-typescript (the
 * project's TypeScript through an npm override) and write a client against them. The client below calls every
 * vendor operation, and every operators' one, with typed bodies and path parameters and reads typed answers; the
 * TypeScript compiler must accept it. A document that lost an answer schema would type that answer as `never`,
 * and reading a field of `never` does not compile: the last test shows it on a copy without the decision's schema.
 */
jest.setTimeout(60_000);

const CLI = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin', 'cli.js');

/** Writes `document` as `<name>.json` and runs the openapi-typescript CLI on it, giving `<name>.ts`. */
function generate(dir: string, name: string, document: object): Promise<void> {
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(document));
  // In its own folder: the CLI would otherwise read the repository's redocly.yaml and want its outputs there.
  const child = spawn(process.execPath, [CLI, `${name}.json`, '-o', `${name}.ts`], { cwd: dir });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`openapi-typescript ${name}: exit ${code}\n${output}`)),
    ),
  );
}

/** Type-checks `files` (strict) with the compiler API; returns `file:line message` for every error. */
function typeErrors(dir: string, files: string[]): string[] {
  const program = ts.createProgram(
    files.map((f) => join(dir, f)),
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      lib: ['lib.es2022.d.ts'],
      types: [],
    },
  );
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** What the clients share: the generated types read as bodies, answers and parameters of one operation. */
const TYPED_HTTP = `
/** One HTTP call; the test only type-checks, nothing is sent. */
export type Send = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<unknown>;
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON body of an operation whose body is required. */
export type BodyOf<Op> = Op extends { requestBody: infer R } ? Json<R> : never;
/** The JSON answer of an operation with status S. */
export type AnswerOf<Op, S extends number> = Op extends { responses: infer R }
  ? S extends keyof R ? Json<R[S]> : never
  : never;
/** The path parameters of an operation that has some. */
export type PathOf<Op> = Op extends { parameters: { path: infer P } } ? P : never;
/** The query parameters of an operation that has some. */
export type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
`;

/** A vendor's client: every operation of the vendor API, and a use of each answer. */
const VENDOR_CLIENT = `
import type { paths } from './vendor';
import type { AnswerOf, BodyOf, PathOf, Send } from './typed-http';

type Decision = paths['/password-login/decision']['post'];
type Reset = paths['/password-reset/decision']['post'];
type LinkStatus = paths['/links/{instance}/{userId}']['get'];
type Document = paths['/openapi.json']['get'];
const BASE = '/api/vendor/v1';

export const decidePasswordLogin = async (send: Send, body: BodyOf<Decision>) =>
  (await send('POST', BASE + '/password-login/decision', body)) as AnswerOf<Decision, 200>;
export const decidePasswordReset = async (send: Send, body: BodyOf<Reset>) =>
  (await send('POST', BASE + '/password-reset/decision', body)) as AnswerOf<Reset, 200>;
export const getLinkStatus = async (send: Send, path: PathOf<LinkStatus>) =>
  (await send('GET', BASE + '/links/' + path.instance + '/' + path.userId)) as AnswerOf<LinkStatus, 200>;
export const getOpenApi = async (send: Send) => (await send('GET', BASE + '/openapi.json')) as AnswerOf<Document, 200>;

export async function everyOperation(send: Send): Promise<unknown[]> {
  const login = await decidePasswordLogin(send, { userId: '100234', birthDate: '2010-03-15', roles: ['student'] });
  const verdict: 'allow' | 'warn' | 'deny' = login.decision;
  const shadow: boolean = login.wouldDeny;
  const daysLeft: number | null = login.daysLeft;
  const shown: string | undefined = login.message?.ru;
  const signInUrl: string = login.esiaSignInUrl;
  const reset = await decidePasswordReset(send, { userId: '100234' });
  const resetVerdict: 'allow' | 'warn' | 'deny' = reset.decision;
  const status = await getLinkStatus(send, { instance: 'dnevnik-86', userId: '100234' });
  const linked: boolean = status.linked;
  const how: 'settings-page' | 'diary-password' | 'snils-match' | 'operator' | null = status.method;
  const document = await getOpenApi(send);
  const version: string = document.openapi;
  const limited: AnswerOf<Decision, 429> = { error: { code: 'rate_limited', message: '-', reference: 'r' } };
  const refusal: string = (null as unknown as AnswerOf<LinkStatus, 401>).error.code;
  const issues: string[] | undefined = (null as unknown as AnswerOf<Decision, 400>).error.issues;
  return [verdict, shadow, daysLeft, shown, signInUrl, resetVerdict, linked, how, version, limited, refusal, issues];
}
`;

/** An operator's client: every operation of the operators' API. */
const OPS_CLIENT = `
import type { paths } from './ops';
import type { AnswerOf, BodyOf, PathOf, QueryOf, Send } from './typed-http';

type P = paths;
const BASE = '/api/ops/v1';
const get = async <Op>(send: Send, path: string) => (await send('GET', BASE + path)) as AnswerOf<Op, 200>;
const post = async <Op, S extends number = 200>(send: Send, path: string, body: BodyOf<Op>) =>
  (await send('POST', BASE + path, body)) as AnswerOf<Op, S>;

export async function everyOperation(send: Send): Promise<unknown[]> {
  const regions = await get<P['/regions']['get']>(send, '/regions');
  const first: string | null = regions.regions[0]?.cutoverDate ?? null;
  const region: PathOf<P['/regions/{tenantId}']['get']> = { tenantId: '86' };
  const one = await get<P['/regions/{tenantId}']['get']>(send, '/regions/' + region.tenantId);
  const mode: 'off' | 'announce' | 'shadow' | 'enforce' = one.policy.mode;
  const preview = await post<P['/regions/{tenantId}/policy/preview']['post']>(send, '/regions/86/policy/preview', {
    cutoverDate: '2026-09-01',
  });
  const problems: string[] = preview.problems.map((p) => p.field + ': ' + p.code);
  const unlinked: number | null = preview.impact.unlinkedAdults;
  const applied = (await send('PUT', BASE + '/regions/86/policy', {
    cutoverDate: '2026-09-01',
    reason: 'приказ',
  } satisfies BodyOf<P['/regions/{tenantId}/policy']['put']>)) as AnswerOf<P['/regions/{tenantId}/policy']['put'], 200>;
  const version: number = applied.policy.version;
  const declared = await post<P['/regions/{tenantId}/bypasses']['post'], 201>(send, '/regions/86/bypasses', {
    endsAt: '2026-09-02T11:00:00Z',
    reason: 'ESIA outage',
  });
  const end: PathOf<P['/regions/{tenantId}/bypasses/{id}/end']['post']> = { tenantId: '86', id: declared.bypass.id };
  const ended = await post<P['/regions/{tenantId}/bypasses/{id}/end']['post']>(
    send,
    '/regions/' + end.tenantId + '/bypasses/' + end.id + '/end',
    { reason: 'ESIA is back' },
  );
  const endedAt: string | null = ended.bypass.endedAt;
  const exempted = await post<P['/regions/{tenantId}/exemptions']['post'], 201>(send, '/regions/86/exemptions', {
    instanceId: 'dnevnik-86',
    userId: '100234',
    reason: 'no passport yet',
  });
  const revoke: PathOf<P['/regions/{tenantId}/exemptions/{id}/revoke']['post']> = {
    tenantId: '86',
    id: exempted.exemption.id,
  };
  const revoked = await post<P['/regions/{tenantId}/exemptions/{id}/revoke']['post']>(
    send,
    '/regions/' + revoke.tenantId + '/exemptions/' + revoke.id + '/revoke',
    { reason: 'passport received' },
  );
  const revokedAt: string | null = revoked.exemption.revokedAt;
  const query: QueryOf<P['/regions/{tenantId}/readiness']['get']> = { days: 14, format: 'json' };
  const readiness = await get<P['/regions/{tenantId}/readiness']['get']>(send, '/regions/86/readiness?days=' + query.days);
  const share: number | null = readiness.days[0]?.esiaShare ?? null;
  const audit = await get<P['/audit']['get']>(send, '/audit?tenant=86');
  const who: string | undefined = audit.entries[0]?.changedBy;
  const exported = await post<P['/persons/export']['post']>(send, '/persons/export', { esiaOid: '1000300001' });
  const held: number = exported.export.links.length + exported.export.pseudonymised.links;
  const letter: string = exported.summary;
  const erased = await post<P['/persons/erase']['post']>(send, '/persons/erase', {
    instanceId: 'dnevnik-86',
    userId: '100234',
    reason: 'заявление № 12',
  });
  const pending: number = erased.erasure.pendingNotices;
  const document = await get<P['/openapi.json']['get']>(send, '/openapi.json');
  const invalid: AnswerOf<P['/regions/{tenantId}/policy']['put'], 422> = {
    error: { code: 'policy_invalid', message: '-', reference: 'r', problems: [{ field: 'cutoverDate', code: 'invalid_date', message: '-' }] },
  };
  return [first, mode, problems, unlinked, version, endedAt, revokedAt, share, who, held, letter, pending, document.openapi, invalid];
}
`;

let dir: string;
/** A folder with the shared helper, a client and its generated types. */
function clientFolder(path: string): string {
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'typed-http.ts'), TYPED_HTTP);
  writeFileSync(join(path, 'vendor-client.ts'), VENDOR_CLIENT);
  writeFileSync(join(path, 'ops-client.ts'), OPS_CLIENT);
  return path;
}
beforeAll(async () => {
  dir = clientFolder(mkdtempSync(join(tmpdir(), 'elg-openapi-client-')));
  await Promise.all([generate(dir, 'vendor', vendorOpenApi('')), generate(dir, 'ops', OPS_OPENAPI)]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a client generated with openapi-typescript from our documents', () => {
  it('calls every vendor operation with typed bodies and path parameters, and reads typed answers', () => {
    expect(typeErrors(dir, ['vendor-client.ts'])).toEqual([]);
  });

  it("calls every operators' operation the same way", () => {
    expect(typeErrors(dir, ['ops-client.ts'])).toEqual([]);
  });

  it('does not compile against a document whose decision answer has no schema (the answer becomes never)', async () => {
    const broken = JSON.parse(JSON.stringify(vendorOpenApi(''))) as {
      paths: Record<string, { post: { responses: Record<string, { content?: unknown }> } }>;
    };
    delete broken.paths['/password-login/decision']!.post.responses['200']!.content;
    const brokenDir = clientFolder(join(dir, 'without-decision-schema'));
    await generate(brokenDir, 'vendor', broken);
    const errors = typeErrors(brokenDir, ['vendor-client.ts']);
    expect(errors.join('\n')).toMatch(
      /^vendor-client\.ts:\d+ Property 'decision' does not exist on type 'never'/m,
    );
  });
});
