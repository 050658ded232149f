/**
 * DATABASE_URL as libpq reads it, including what node-postgres does not: several hosts
 * (`postgres://user@primary:5432,standby:5432/db`) tried in order, and `target_session_attrs` choosing the
 * server a session may use (`read-write`: the primary, wherever it is after a failover).
 */

/** One server of the list. */
export interface DatabaseServer {
  readonly host: string;
  readonly port: number;
}

/** What a session needs of its server: any that answers, one that accepts writes, or one not in recovery. */
export type TargetSessionAttrs = 'any' | 'read-write' | 'primary';

const TARGETS: readonly TargetSessionAttrs[] = ['any', 'read-write', 'primary'];

/** A parsed DATABASE_URL. */
export interface DatabaseAddress {
  readonly servers: readonly DatabaseServer[];
  readonly targetSessionAttrs: TargetSessionAttrs;
  /** The URL with only the first server and without target_session_attrs (node-postgres reads no more). */
  readonly singleHostUrl: string;
  /** True when the pool must choose its server (several hosts, or a target other than `any`). */
  readonly choosesServer: boolean;
}

const SHAPE = /^(postgres(?:ql)?:\/\/)(?:([^@/?#]*)@)?([^/?#]*)([^?#]*)(\?[^#]*)?$/;

function server(text: string): DatabaseServer {
  const m = /^(\[[^\]]+\]|[^:]*)(?::(\d{1,5}))?$/.exec(text);
  if (!m || !m[1]) throw new Error(`"${text}" is not host or host:port`);
  const port = m[2] === undefined ? 5432 : Number(m[2]);
  if (port < 1 || port > 65535) throw new Error(`port ${m[2]} is out of range`);
  return { host: m[1].replace(/^\[(.+)\]$/, '$1'), port };
}

/** Parses a postgres:// URL with one or more comma-separated hosts; throws with the reason when it is not one. */
export function parseDatabaseUrl(url: string): DatabaseAddress {
  const m = SHAPE.exec(url);
  if (!m) throw new Error('expected postgres://[user[:password]@]host[:port][,host[:port]…]/database');
  const [, scheme, userInfo, hostList, path, query] = m;
  const servers = hostList!.split(',').map(server);
  const params = new URLSearchParams(query?.slice(1) ?? '');
  const target = params.get('target_session_attrs') ?? 'any';
  if (!TARGETS.includes(target as TargetSessionAttrs))
    throw new Error(`target_session_attrs must be ${TARGETS.join(', ')} (got "${target}")`);
  const asGiven = servers.length === 1 && !params.has('target_session_attrs');
  params.delete('target_session_attrs');
  const first = servers[0]!;
  const host = first.host.includes(':') ? `[${first.host}]` : first.host;
  const rest = params.toString();
  const singleHostUrl = `${scheme}${userInfo === undefined ? '' : `${userInfo}@`}${host}:${first.port}${path}${rest ? `?${rest}` : ''}`;
  return {
    servers,
    targetSessionAttrs: target as TargetSessionAttrs,
    singleHostUrl: asGiven ? url : singleHostUrl,
    choosesServer: servers.length > 1 || target !== 'any',
  };
}

/** The same address on another database (tests and tools create databases next to the gateway's). */
export function withDatabase(url: string, database: string): string {
  const m = SHAPE.exec(url);
  if (!m) throw new Error('not a postgres:// URL');
  const [, scheme, userInfo, hostList, , query] = m;
  return `${scheme}${userInfo === undefined ? '' : `${userInfo}@`}${hostList}/${encodeURIComponent(database)}${query ?? ''}`;
}
