import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock';
import { POLICY_MODES, ROLES } from '../core/policy';
import type { OperatorPrincipal } from '../services/ops-access';
import { personQueryOf, type PersonDataService } from '../services/person-data.service';
import { erasureSummary, exportSummary } from '../services/person-summary';
import { OpsService } from '../services/ops.service';
import { ProviderSigningKeys } from '../provider/signing-keys';
import { readinessCsv } from '../services/readiness';
import { RegionNotFoundError } from '../core/policy.errors';
import type { SecretBox } from '../crypto/secret-box';
import { AdminAuditRepository, type AdminAuditEntry } from '../store/admin-audit.repository';
import { ApiCredentialsRepository } from '../store/api-credentials.repository';
import { OperatorTokensRepository } from '../store/operator-tokens.repository';
import { OperatorsRepository } from '../store/operators.repository';
import { ProviderSigningKeysRepository } from '../store/provider-signing-keys.repository';

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** What every command gets. */
export interface OpsCliContext {
  readonly dataSource: DataSource;
  readonly clock: Clock;
  readonly box: SecretBox;
  readonly actor: string;
  /** Tells running gateways that a region changed (pub/sub when Redis is configured; else they converge by max age). */
  readonly announce: (tenantId: string) => Promise<void>;
  /** Tells running gateways to reload the provider's signing keys (pub/sub; else within a minute). */
  readonly announceKeys: () => Promise<void>;
  /** A person's data on request (export, erase). */
  readonly personData: PersonDataService;
}

type Flags = Record<string, string | undefined>;
const need = (flags: Flags, name: string): string => {
  const v = flags[name];
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
};
const regions = (flags: Flags) =>
  need(flags, 'regions')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const role = (flags: Flags) => {
  const r = flags['role'] ?? 'viewer';
  if (r !== 'viewer' && r !== 'editor') throw new UsageError('--role is viewer or editor');
  return r;
};
const days = (flags: Flags, fallback: number) => {
  const n = Number(flags['days'] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('--days is a positive whole number');
  return n;
};

/** Who the CLI's changes are recorded as: the operating-system user who ran it, and the CLI's clock. */
const stamp = (ctx: OpsCliContext) => ({ actor: ctx.actor, at: ctx.clock.now() });

/** One audit row on one line: when, who, what, which, the state before → after (never a secret: none is stored). */
function auditLine(e: AdminAuditEntry): string {
  const state = (s: Record<string, unknown> | null) => (s ? JSON.stringify(s) : '—');
  return [e.at.toISOString(), e.actor, e.action, e.target, `${state(e.before)} → ${state(e.after)}`].join(
    '  ',
  );
}

/** The CLI acts on every region: it runs where the database is, which is the ministry's own trust boundary. */
async function everyRegion(ctx: OpsCliContext): Promise<OperatorPrincipal> {
  const rows: Array<{ id: string }> = await ctx.dataSource.query('SELECT id FROM tenants ORDER BY id');
  return { actor: ctx.actor, role: 'editor', tenantIds: rows.map((r) => r.id) };
}

/** Every region, after checking that `tenantId` is one of them (RegionNotFoundError names the ones there are). */
async function everyRegionWith(ctx: OpsCliContext, tenantId: string): Promise<OperatorPrincipal> {
  const all = await everyRegion(ctx);
  if (!all.tenantIds.includes(tenantId)) throw new RegionNotFoundError(tenantId, all.tenantIds);
  return all;
}

const OPTIONS = [
  'oid',
  'name',
  'role',
  'regions',
  'region',
  'days',
  'instance',
  'date',
  'mode',
  'reason',
  'key-id',
  'by',
  'limit',
  'esia-oid',
  'user',
  'format',
];

/** One command: (flags, context) → the lines to print. */
type Command = (flags: Flags, ctx: OpsCliContext) => Promise<string>;

function personQuery(f: Flags) {
  try {
    return personQueryOf({ esiaOid: f['esia-oid'], instanceId: f['instance'], userId: f['user'] });
  } catch {
    throw new UsageError('give --esia-oid <oid>, or --instance <diary instance> and --user <diary user id>');
  }
}

/** JSON, the Russian summary, or both (the default: JSON first, then the summary after a line of dashes). */
function printed(f: Flags, json: unknown, summary: string): string {
  const format = f['format'] ?? 'both';
  if (!['json', 'text', 'both'].includes(format)) throw new UsageError('--format is json, text or both');
  const text = JSON.stringify(json, null, 2);
  return format === 'json' ? text : format === 'text' ? summary : `${text}\n----\n${summary}`;
}

/** Every command: name → (flags, context) → the lines to print. */
export const COMMANDS = {
  async 'grant-operator'(f, ctx) {
    const op = await new OperatorsRepository(ctx.dataSource).grant(
      { esiaOid: need(f, 'oid'), displayName: need(f, 'name'), role: role(f), tenantIds: regions(f) },
      stamp(ctx),
    );
    return `operator ${op.esiaOid} granted: ${op.role} of ${op.tenantIds.join(',')}`;
  },
  async 'revoke-operator'(f, ctx) {
    const done = await new OperatorsRepository(ctx.dataSource).revoke(need(f, 'oid'), stamp(ctx));
    if (!done) throw new Error(`no active operator with oid ${f['oid']}`);
    return `operator ${f['oid']} revoked`;
  },
  async 'issue-token'(f, ctx) {
    const expiresAt = new Date(ctx.clock.now().getTime() + days(f, 90) * 86_400_000);
    const issued = await new OperatorTokensRepository(ctx.dataSource).issue({
      role: role(f),
      tenantIds: regions(f),
      createdBy: ctx.actor,
      expiresAt,
    });
    return `token (shown once, store it now): ${issued.token}\nexpires ${expiresAt.toISOString()}`;
  },
  async 'revoke-token'(f, ctx) {
    const done = await new OperatorTokensRepository(ctx.dataSource).revoke(need(f, 'key-id'), stamp(ctx));
    if (!done) throw new Error(`no active operator token ${f['key-id']}`);
    return `token ${f['key-id']} revoked`;
  },
  async 'issue-vendor-key'(f, ctx) {
    const expiresAt = f['days'] ? new Date(ctx.clock.now().getTime() + days(f, 365) * 86_400_000) : null;
    const key = await new ApiCredentialsRepository(ctx.dataSource, ctx.box).issueVendorKey({
      instanceId: need(f, 'instance'),
      createdBy: ctx.actor,
      expiresAt,
    });
    return `key id: ${key.keyId}\nsecret (shown once, store it now): ${key.secret}`;
  },
  async 'revoke-vendor-key'(f, ctx) {
    const done = await new ApiCredentialsRepository(ctx.dataSource, ctx.box).revoke(
      need(f, 'key-id'),
      stamp(ctx),
    );
    if (!done) throw new Error(`no active vendor key ${f['key-id']}`);
    return `vendor key ${f['key-id']} revoked`;
  },
  async 'rotate-signing-key'(_f, ctx) {
    const keys = new ProviderSigningKeys(new ProviderSigningKeysRepository(ctx.dataSource), ctx.box);
    const { kid, retired } = await keys.rotate(ctx.actor);
    await ctx.announceKeys();
    return [
      `signing key ${kid} is active${retired ? `; ${retired} is retired (still published for a day)` : ''}`,
      'running gateways switch within a minute (at once when Redis is configured)',
    ].join('\n');
  },
  async audit(f, ctx) {
    const limit = Number(f['limit'] ?? 50);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit is a positive whole number');
    const entries = await new AdminAuditRepository(ctx.dataSource).list({
      tenantId: f['region'],
      actor: f['by'],
      from: f['days'] ? new Date(ctx.clock.now().getTime() - days(f, 30) * 86_400_000) : undefined,
      limit,
    });
    if (!entries.length) return 'no privileged changes recorded';
    return entries.map(auditLine).join('\n');
  },
  async 'set-cutover'(f, ctx) {
    const ops = new OpsService(ctx.dataSource, ctx.clock, ctx.announce);
    const input: Record<string, unknown> = { cutoverDate: need(f, 'date') };
    if (f['mode']) input['mode'] = f['mode'];
    const region = need(f, 'region');
    const saved = await ops.apply(await everyRegionWith(ctx, region), region, input, need(f, 'reason'));
    return `region ${saved.tenantId}: version ${saved.version}, ${saved.mode}, cutover ${saved.cutoverDate}`;
  },
  async 'person export'(f, ctx) {
    const query = personQuery(f);
    const found = await ctx.personData.export(await everyRegion(ctx), query, f['reason'] ?? '');
    return printed(f, found, exportSummary(found));
  },
  async 'person erase'(f, ctx) {
    const query = personQuery(f);
    const erased = await ctx.personData.erase(await everyRegion(ctx), query, need(f, 'reason'));
    return printed(f, erased, erasureSummary(erased));
  },
  async readiness(f, ctx) {
    const ops = new OpsService(ctx.dataSource, ctx.clock, ctx.announce);
    const region = need(f, 'region');
    const rows = await ops.readiness(
      await everyRegionWith(ctx, region),
      region,
      days(f, 14),
      f['instance'] ?? null,
    );
    return readinessCsv(rows).trimEnd();
  },
} satisfies Record<string, Command>;

/** The name of a command the CLI knows. */
export type CommandName = keyof typeof COMMANDS;

const isCommand = (name: string | undefined): name is CommandName =>
  name !== undefined && Object.hasOwn(COMMANDS, name);

/** Each command's flags, as its usage line shows them (also what `ops <command> --help` prints). */
export const COMMAND_USAGE: Readonly<Record<CommandName, string>> = {
  'grant-operator': '--oid <ESIA oid> --name <name> --role viewer|editor --regions 86,38',
  'revoke-operator': '--oid <ESIA oid>',
  'issue-token': '--role viewer|editor --regions 86 [--days 90]',
  'revoke-token': '--key-id <ot_…>',
  'issue-vendor-key': '--instance <diary instance> [--days N]',
  'revoke-vendor-key': '--key-id <vk_…>',
  'set-cutover': `--region 86 --date YYYY-MM-DD [--mode ${POLICY_MODES.join('|')}] --reason <why>`,
  readiness: '--region 86 [--instance <id>] [--days 14]',
  audit: '[--region 86] [--by <actor>] [--days N] [--limit 50]',
  'rotate-signing-key': "(the OpenID Provider's ID-token signing key; no flags)",
  'person export':
    '--esia-oid <oid> | --instance <diary instance> --user <diary user id> [--reason <request>] [--format json|text|both]',
  'person erase':
    '--esia-oid <oid> | --instance <diary instance> --user <diary user id> --reason <request, no name> [--format json|text|both]',
};

/** The usage text. */
export const USAGE = [
  'usage: npm run ops -- <command> [--flags]',
  '       npm run ops -- help | --help | <command> --help',
  ...Object.entries(COMMAND_USAGE).map(([name, flags]) => `  ${name.padEnd(17)} ${flags}`),
  `roles a policy covers: ${ROLES.join(', ')}`,
].join('\n');

/** What the command line asks for: a command to run, or the usage (printed on stdout, exit code 0). */
export type ParsedCommand = { kind: 'run'; name: CommandName; flags: Flags } | { kind: 'help'; text: string };

const HELP_FLAGS = ['--help', '-h'];

/** Parses `argv` into a command and its flags, or a help request; throws UsageError for anything else. */
export function parseCommand(argv: string[]): ParsedCommand {
  // `person export` and `person erase` are two-word commands; the second word is part of the name.
  const words = argv[0] === 'person' && argv[1] && !argv[1].startsWith('-') ? 2 : 1;
  const name = argv.slice(0, words).join(' ') || undefined;
  const rest = argv.slice(words);
  if (name === 'help' || (name !== undefined && HELP_FLAGS.includes(name))) {
    const about = rest.slice(0, rest[0] === 'person' ? 2 : 1).join(' ');
    return { kind: 'help', text: isCommand(about) ? commandUsage(about) : USAGE };
  }
  if (!isCommand(name)) throw new UsageError(name ? `unknown command ${name}` : 'no command');
  if (rest.some((arg) => HELP_FLAGS.includes(arg))) return { kind: 'help', text: commandUsage(name) };
  try {
    const { values } = parseArgs({
      args: rest,
      options: Object.fromEntries(OPTIONS.map((o) => [o, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    });
    return { kind: 'run', name, flags: values as Flags };
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
}

function commandUsage(name: CommandName): string {
  return `usage: npm run ops -- ${name} ${COMMAND_USAGE[name]}`;
}
