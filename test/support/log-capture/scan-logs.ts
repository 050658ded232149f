import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'emulators', 'fixtures');

/** One secret to look for: what it is (shown) and its value (never shown in full). */
export interface KnownSecret {
  kind: string;
  value: string;
}

/** A secret found in a captured log line. */
export interface Finding {
  kind: string;
  masked: string;
  file: string;
  line: number;
}

const SECRET_KEY = /snils|password|secret/i;

function collect(value: unknown, key: string, out: KnownSecret[], source: string): void {
  if (Array.isArray(value)) for (const v of value) collect(v, key, out, source);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) collect(v, k, out, source);
  else if (typeof value === 'string' && SECRET_KEY.test(key)) out.push({ kind: `${source}:${key}`, value });
}

/** The SNILS as written, as 11 bare digits and with spaces: the three ways it could leak. */
function snilsForms(snils: string): string[] {
  const digits = snils.replace(/\D/g, '');
  if (digits.length !== 11) return [snils];
  const spaced = `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}`;
  return [snils, digits, spaced];
}

/**
 * Every known secret: each persona's and diary account's SNILS and password from emulators/fixtures/*.json,
 * the demo vendor secrets, and whatever the run recorded in <dir>/secrets-*.txt (tokens, codes, tickets,
 * session ids). Values shorter than 8 characters are left out: they would match by chance.
 */
export function knownSecrets(dir: string): KnownSecret[] {
  const out: KnownSecret[] = [];
  for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.json')))
    collect(JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')), '', out, name);
  collect(
    JSON.parse(readFileSync(path.join(ROOT, 'config', 'demo-vendor-credentials.json'), 'utf8')),
    '',
    out,
    'demo-vendor-credentials',
  );
  if (existsSync(dir))
    for (const name of readdirSync(dir).filter((f) => f.startsWith('secrets-')))
      for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
        const [kind, value] = line.split('\t');
        if (kind && value) out.push({ kind: `recorded:${kind}`, value });
      }
  const expanded = out.flatMap((s) =>
    /snils/i.test(s.kind) ? snilsForms(s.value).map((value) => ({ ...s, value })) : [s],
  );
  const unique = new Map(expanded.filter((s) => s.value.length >= 8).map((s) => [s.value, s]));
  return [...unique.values()];
}

// A formatted SNILS of anyone (not only the fixtures') and a JWT: never in a log, whoever they belong to.
const PATTERNS: KnownSecret[] = [
  { kind: 'pattern:snils', value: String.raw`\b\d{3}-\d{3}-\d{3} \d{2}\b` },
  { kind: 'pattern:jwt', value: String.raw`\beyJ[\w-]{10,}\.eyJ[\w-]{10,}\.` },
];

const mask = (value: string) => `${value.slice(0, 3)}…(${value.length} chars)`;

/** Searches every captured log line of `dir` for the known secrets and patterns. */
export function scanCapturedLogs(dir: string): {
  files: number;
  lines: number;
  secrets: number;
  findings: Finding[];
} {
  const secrets = knownSecrets(dir);
  // Indexed by the first 8 characters, so a line costs one lookup per position, whatever the number of secrets.
  const byPrefix = new Map<string, KnownSecret[]>();
  for (const s of secrets) {
    const key = s.value.slice(0, 8);
    byPrefix.set(key, [...(byPrefix.get(key) ?? []), s]);
  }
  const patterns = PATTERNS.map((p) => ({ kind: p.kind, re: new RegExp(p.value) }));
  const findings: Finding[] = [];
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('logs-')) : [];
  let lines = 0;
  for (const name of files) {
    const text = readFileSync(path.join(dir, name), 'utf8').split('\n');
    text.forEach((line, i) => {
      if (!line) return;
      lines += 1;
      for (let at = 0; at + 8 <= line.length; at++)
        for (const s of byPrefix.get(line.slice(at, at + 8)) ?? [])
          if (line.startsWith(s.value, at))
            findings.push({ kind: s.kind, masked: mask(s.value), file: name, line: i + 1 });
      for (const p of patterns) {
        const hit = p.re.exec(line);
        if (hit) findings.push({ kind: p.kind, masked: mask(hit[0]), file: name, line: i + 1 });
      }
    });
  }
  return { files: files.length, lines, secrets: secrets.length, findings };
}
