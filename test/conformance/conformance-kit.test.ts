import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../conformance/cli';
import { CHECKS } from '../../conformance/conformance.checks';
import type { BrokenMode } from '../../emulators/diary-api/diary-api-emulator.options';
import { startEljurEmulator, type EljurEmulator } from '../../emulators/diary-api/diary-api-emulator.server';
import { fromRoot } from '../../src/paths';
import { useMtlsDiaryApiEmulator } from '../support/mtls-certificates';

/**
 * The conformance kit against the reference diary: it conforms, and each deliberately broken mode fails with
 * exactly the checks it breaks named (in the table and in the JUnit file), with exit code 1.
 */
const demo = (
  JSON.parse(readFileSync(fromRoot('config/demo-vendor-credentials.json'), 'utf8')) as {
    credentials: Array<{ instanceId: string; keyId: string; secret: string }>;
  }
).credentials.find((c) => c.instanceId === 'eljur-39')!;

let dir: string;
const file = (name: string) => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'conformance-'));
  writeFileSync(file('secret'), `${demo.secret}\n`);
  writeFileSync(file('password'), 'Eljur-Fedorov1\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The flags of a full run against `apiUrl` (HMAC with the demo key), plus `extra`. */
const flags = (apiUrl: string, extra: string[] = []) => [
  '--base-url',
  apiUrl,
  '--key-id',
  demo.keyId,
  '--secret-file',
  file('secret'),
  '--user',
  '39001',
  '--login',
  'fedorov.p',
  '--password-file',
  file('password'),
  '--snils',
  '158-372-641 92',
  '--organization-id',
  '39-0007',
  '--parent',
  '39002',
  ...extra,
];

/** Runs the kit in-process: exit code, what it printed, and the JUnit file. */
async function kit(argv: string[]): Promise<{ code: number; out: string; err: string; junit: string }> {
  let out = '';
  let err = '';
  const junitFile = file(`junit-${Math.random().toString(36).slice(2)}.xml`);
  const code = await main(
    [...argv, '--junit', junitFile],
    (t) => (out += t),
    (t) => (err += t),
  );
  const junit = existsSync(junitFile) ? readFileSync(junitFile, 'utf8') : '';
  return { code, out, err, junit };
}

const failedIn = (table: string) => [...table.matchAll(/^FAIL {2}(\S+)/gm)].map((m) => m[1]).sort();

describe('the conformance kit against the reference diary', () => {
  let emulator: EljurEmulator;
  beforeAll(async () => {
    emulator = await startEljurEmulator({ port: 0 });
  });
  afterAll(() => emulator.close());

  it('passes every check, exit code 0, a readable table and a JUnit file with every check', async () => {
    const run = await kit(flags(emulator.apiUrl));
    expect(failedIn(run.out)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`${CHECKS.length} passed, 0 failed, 0 skipped: CONFORMS`);
    expect(run.out).toMatch(/^PASS {2}linkNotifications\.idempotent +the same notice again/m);
    expect(run.junit.match(/<testcase /g)).toHaveLength(CHECKS.length);
    expect(run.junit).toContain(`tests="${CHECKS.length}" failures="0" skipped="0"`);
    // The kit undid its link notice: the test account is left unlinked.
    expect(emulator.linkOf('39001')).toBeNull();
  });

  it('passes again at once (nonces are fresh, the one wrong password per run does not lock the test login)', async () => {
    for (let i = 0; i < 6; i++) expect((await kit(flags(emulator.apiUrl))).code).toBe(0);
  });

  it('asks for the test data of each declared ability before it sends anything, exit code 2', async () => {
    // Only the address, the key and --user: the full run's first eight flags, none of the abilities' test data.
    const run = await kit(flags(emulator.apiUrl).slice(0, 8));
    expect(run.code).toBe(2);
    expect(run.err).toContain('passwordLogin is declared: give --login');
    expect(run.err).toContain('snilsMatch is declared: give --snils');
    expect(run.err).toContain('accessRequests is declared: give --organization-id');
    expect(run.out).toBe('');
  });

  it('refuses a command line without authentication or with an unreadable secret file, exit code 2', async () => {
    expect((await kit(['--base-url', emulator.apiUrl, '--user', '1'])).err).toContain(
      'give either --key-id and --secret-file (HMAC) or --cert and --key (mutual TLS)',
    );
    const unreadable = await kit(
      flags(emulator.apiUrl).map((f) => (f === file('secret') ? file('nope') : f)),
    );
    expect(unreadable.code).toBe(2);
    expect(unreadable.err).toContain(`cannot read the secret file ${file('nope')}`);
  });
});

const BROKEN: ReadonlyArray<[BrokenMode, string[]]> = [
  ['accepts-bad-signature', ['auth.bad-signature-refused']],
  ['accepts-replayed-nonce', ['auth.replayed-nonce-refused']],
  ['no-idempotency', ['accessRequests.idempotent', 'linkNotifications.idempotent']],
  [
    'wrong-error-shape',
    [
      'accessRequests.unknown-organization',
      'accessRequests.unknown-request',
      'errors.shape',
      'linkNotifications.unknown-account',
      'profile.unknown-account',
    ],
  ],
  ['missing-ability', ['errors.shape', 'snilsMatch.found', 'snilsMatch.none']],
  ['slow-answers', ['timing.within-limit']],
];

describe.each(BROKEN)('the kit against the reference diary broken on purpose: %s', (mode, expected) => {
  let emulator: EljurEmulator;
  beforeAll(async () => {
    emulator = await startEljurEmulator({ port: 0, brokenMode: mode, slowMs: 400 });
  });
  afterAll(() => emulator.close());

  it(`fails exactly ${expected.join(', ')}, with the request, the expectation and the answer; exit code 1`, async () => {
    const run = await kit(flags(emulator.apiUrl, mode === 'slow-answers' ? ['--timeout-ms', '250'] : []));
    expect(failedIn(run.out)).toEqual(expected);
    expect(run.code).toBe(1);
    expect(run.out).toContain('DOES NOT CONFORM');
    for (const id of expected) {
      expect(run.out).toMatch(
        new RegExp(
          `^FAIL ${id.replace('.', '\\.')}\\n  request:  (GET|POST) http://127\\.0\\.0\\.1:\\d+/elg/v1/\\S+.*\\n  expected: .+\\n  received: .+`,
          'm',
        ),
      );
      expect(run.junit).toContain(`type="${id}"`);
    }
    expect(run.junit).toContain(`failures="${expected.length}"`);
  });
});

describe('the kit over mutual TLS', () => {
  const served = useMtlsDiaryApiEmulator();

  it('passes with the trusted client certificate; the HMAC refusals are skipped and say why', async () => {
    const mtls = flags(served.emulator.apiUrl)
      .join('\u0000')
      .replace(
        `--key-id\u0000${demo.keyId}\u0000--secret-file\u0000${file('secret')}`,
        [
          '--cert',
          served.files.file('client.crt'),
          '--key',
          served.files.file('client.key'),
          '--ca',
          served.files.file('ca.crt'),
        ].join('\u0000'),
      )
      .split('\u0000');
    const run = await kit(mtls);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^SKIP {2}auth\.bad-signature-refused +.*\(mutual TLS: no HMAC to refuse\)$/m);
    expect(run.junit).toContain('<skipped message="mutual TLS: no HMAC to refuse"/>');
  });
});

describe('the kit as a command and as an npm bin', () => {
  it('the published bin is the compiled conformance/cli.ts, a node script', () => {
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as {
      bin: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.bin).toEqual({ 'elg-diary-conformance': 'dist/conformance/cli.js' });
    expect(readFileSync(fromRoot('conformance/cli.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(
      true,
    );
    expect(pkg.scripts['conformance']).toContain('conformance/cli.ts');
  });

  it('npm run conformance exits 1 against a diary that does not answer, naming the checks', () => {
    const run = spawnSync(
      'npm',
      ['run', '-s', 'conformance', '--', ...flags('http://127.0.0.1:9/elg/v1', ['--timeout-ms', '200'])],
      { cwd: fromRoot('.'), encoding: 'utf8', timeout: 60_000 },
    );
    // Nothing is declared when the capabilities document cannot be read: no test data is asked for.
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}capabilities\.document/m);
    expect(run.stdout).toMatch(/received: unreachable/);
  });
});
