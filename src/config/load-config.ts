import { readFileSync } from 'node:fs';
import { fromRoot } from '../paths';
import { databaseEntries, databaseProblems } from './database';
import { emulatorsEntries, emulatorsOn, emulatorsProblems } from './emulators';
import { esiaEntries, esiaProblems } from './esia';
import { httpEntries, httpProblems, publicUrlOf } from './http';
import { oidcEntries, oidcProblems } from './oidc';
import { policyEntries } from './policy';
import { redisEntries, redisProblems } from './redis';
import { retentionEntries } from './retention';
import { runtimeEntries } from './runtime';
import type { CheckContext, ConfigFileReader, Entry, Values } from './schema';
import { secretsEntries, secretsProblems } from './secrets';

/**
 * The gateway's whole configuration, assembled from one file per area: each declares its variables (default,
 * one-line description, schema) and checks what depends on several of them. `loadConfig` validates all of
 * them and reports every problem at once, one line each; the README's reference lists them in this order.
 */
export const configEntries = {
  ...httpEntries,
  ...databaseEntries,
  ...redisEntries,
  ...secretsEntries,
  ...runtimeEntries,
  ...policyEntries,
  ...retentionEntries,
  ...emulatorsEntries,
  ...esiaEntries,
  ...oidcEntries,
} as const;

type Parsed = Values<typeof configEntries>;

/** The areas with rules across their variables or on the production mode; their problems are merged and sorted. */
const areaChecks: readonly ((p: Parsed, context: CheckContext) => string[])[] = [
  httpProblems,
  databaseProblems,
  redisProblems,
  secretsProblems,
  emulatorsProblems,
  esiaProblems,
  oidcProblems,
];

/** The validated configuration, with the values that depend on others worked out. */
export type Config = Omit<Parsed, 'publicUrl' | 'emulators'> & {
  publicUrl: string;
  emulators: boolean;
  /** True when users reach the gateway over https: Secure __Host- cookies, HSTS. */
  behindTls: boolean;
  /** Development keys or secrets in use: said loudly at start. */
  unsafeDefaults: string[];
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const referenceOrder = new Map(Object.values(configEntries).map((e, i) => [e.env, i]));

/** Problems read in the order of the README's table, whichever area's check found them. */
const inReferenceOrder = (a: string, b: string) =>
  (referenceOrder.get(a.split(':')[0]!) ?? 0) - (referenceOrder.get(b.split(':')[0]!) ?? 0);

const readConfiguredFile: ConfigFileReader = (path) => {
  try {
    return readFileSync(fromRoot(path), 'utf8');
  } catch {
    return undefined; // The step that uses the file says what is wrong with it.
  }
};

/**
 * Validates every variable and returns all problems at once, one line each, naming the variable. In
 * production it also reads the key and certificate files to refuse the ones the repository ships.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  options: { readFile?: ConfigFileReader } = {},
): ConfigResult {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  const unsafeDefaults: string[] = [];
  for (const [key, e] of Object.entries(configEntries) as [string, Entry<unknown>][]) {
    const raw = env[e.env];
    const value = raw === undefined || raw === '' ? undefined : raw;
    const result = e.schema.safeParse(value);
    if (!result.success) {
      const why = result.error.issues.map((i) => i.message).join(', ');
      problems.push(`${e.env}: ${value === undefined ? 'missing' : 'invalid'}: ${why}`);
      continue;
    }
    parsed[key] = result.data;
    if (value === undefined && e.unsafeDefaultInProduction) unsafeDefaults.push(e.env);
  }
  if (problems.length) return { ok: false, problems };

  const p = parsed as Parsed;
  const production = p.nodeEnv === 'production';
  if (production)
    for (const name of unsafeDefaults) problems.push(`${name}: missing: production needs a real value`);
  const context: CheckContext = {
    production,
    given: (name) => !unsafeDefaults.includes(name),
    readFile: options.readFile ?? readConfiguredFile,
  };
  for (const check of areaChecks) problems.push(...check(p, context));
  if (problems.length) return { ok: false, problems: problems.sort(inReferenceOrder) };

  const publicUrl = publicUrlOf(p);
  return {
    ok: true,
    config: {
      ...p,
      publicUrl,
      emulators: emulatorsOn(p, production),
      behindTls: publicUrl.startsWith('https:'),
      unsafeDefaults,
    },
  };
}
