#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DiaryApiAuth } from '../adapters/diary-api/diary-api.transport';
import { junitOf, tableOf } from './conformance.report';
import type { KitFixtures } from './conformance.types';
import { FIXTURES_NEEDED, readDeclaredAbilities, runConformance } from './run-conformance';
import { DiaryApiTransport } from '../adapters/diary-api/diary-api.transport';

/** Exit codes, as docs/onboarding-a-diary.md lists them. */
export const EXIT = { conforms: 0, fails: 1, usage: 2 } as const;

export const USAGE = `usage: npm run conformance -- --base-url <diary API URL> --user <test account id> [auth] [test data] [--junit FILE]
       (or: npx elg-diary-conformance …)

  --base-url URL         the diary's API, with its path: https://diary.example.ru/elg/v1
  auth, one of:
    --key-id ID --secret-file FILE     HMAC, the key the operator issued (npm run ops -- issue-vendor-key)
    --cert FILE --key FILE [--ca FILE] mutual TLS (PEM files)
  test data (the flags each declared ability needs):
    --user ID              an existing test account (always; it receives a link notice and its removal)
    --login L --password-file FILE     a test login and its password (passwordLogin)
    --snils "XXX-XXX-XXX YY"           a SNILS on a school record (snilsMatch)
    --organization-id ID   an organization of the diary (accessRequests; the request can be rejected)
    --parent ID            a parent with children (children; --user when absent)
  --timeout-ms N         the gateway's time limit per request (default 5000)
  --junit FILE           also write the results as JUnit XML

exit codes: 0 every check passed, 1 at least one check failed, 2 the command line or a file is wrong`;

class UsageError extends Error {}

function readFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} ${path}`);
  }
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'base-url': { type: 'string' },
      'key-id': { type: 'string' },
      'secret-file': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      ca: { type: 'string' },
      user: { type: 'string' },
      login: { type: 'string' },
      'password-file': { type: 'string' },
      snils: { type: 'string' },
      'organization-id': { type: 'string' },
      parent: { type: 'string' },
      'timeout-ms': { type: 'string', default: '5000' },
      junit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return values;
}

/** Runs the kit with `argv`, writing to `out`/`err`; resolves with the exit code. */
export async function main(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  try {
    let flags;
    try {
      flags = parse(argv);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (flags.help) {
      out(`${USAGE}\n`);
      return EXIT.conforms;
    }
    const problems: string[] = [];
    const baseUrl = flags['base-url'];
    if (!baseUrl || !URL.canParse(baseUrl)) problems.push('--base-url must be an absolute URL');
    if (!flags.user) problems.push('--user (an existing test account) is required');
    const timeoutMs = Number(flags['timeout-ms']);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100)
      problems.push('--timeout-ms must be a whole number ≥ 100');
    const hmac = flags['key-id'] !== undefined || flags['secret-file'] !== undefined;
    const mtls = flags.cert !== undefined || flags.key !== undefined;
    if (hmac === mtls)
      problems.push('give either --key-id and --secret-file (HMAC) or --cert and --key (mutual TLS)');
    if (hmac && (!flags['key-id'] || !flags['secret-file']))
      problems.push('HMAC needs both --key-id and --secret-file');
    if (mtls && (!flags.cert || !flags.key)) problems.push('mutual TLS needs both --cert and --key');
    if (problems.length) throw new UsageError(problems.join('\n'));

    const auth: DiaryApiAuth = hmac
      ? {
          type: 'hmac',
          keyId: flags['key-id']!,
          secret: readFile(flags['secret-file']!, 'the secret file').trim(),
        }
      : {
          type: 'mtls',
          cert: readFile(flags.cert!, 'the certificate'),
          key: readFile(flags.key!, 'the key'),
          ...(flags.ca ? { ca: readFile(flags.ca, 'the CA file') } : {}),
        };
    const fixtures: KitFixtures = {
      userId: flags.user!,
      ...(flags.login ? { login: flags.login } : {}),
      ...(flags['password-file']
        ? { password: readFile(flags['password-file'], 'the password file').replace(/\r?\n$/, '') }
        : {}),
      ...(flags.snils ? { snils: flags.snils } : {}),
      ...(flags['organization-id'] ? { organizationId: flags['organization-id'] } : {}),
      ...(flags.parent ? { parentId: flags.parent } : {}),
    };

    // The test data each declared ability needs is asked for before anything else is sent.
    const probe = new DiaryApiTransport(baseUrl!, auth, Math.max(timeoutMs * 5, 3000));
    const declared = await readDeclaredAbilities(probe);
    probe.close();
    const missing = Object.entries(FIXTURES_NEEDED).flatMap(([ability, needed]) =>
      declared[ability as keyof typeof declared]
        ? needed!
            .filter((k) => fixtures[k] === undefined)
            .map((k) => `${ability} is declared: give ${flagOf(k)}`)
        : [],
    );
    if (missing.length) throw new UsageError(missing.join('\n'));

    const report = await runConformance({ baseUrl: baseUrl!, auth, fixtures, timeoutMs });
    out(tableOf(report));
    if (flags.junit) writeFileSync(flags.junit, junitOf(report));
    return report.passed ? EXIT.conforms : EXIT.fails;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`${error.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
}

const FLAGS: Record<keyof KitFixtures, string> = {
  userId: '--user',
  login: '--login',
  password: '--password-file',
  snils: '--snils',
  organizationId: '--organization-id',
  parentId: '--parent',
};
const flagOf = (key: keyof KitFixtures) => FLAGS[key];

if (require.main === module)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `conformance kit failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(EXIT.usage);
    },
  );
