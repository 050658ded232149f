import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { debianBinaries, freePort, postgresIds, run } from './private-postgres';

/**
 * A primary and a streaming standby of a test's own (Debian's PostgreSQL binaries, private folder and ports;
 * the machine's server is never touched), as production runs them: the standby is cloned with
 * `pg_basebackup -R` and streams the primary's WAL. `synchronous` makes each commit wait until the standby has
 * flushed it (synchronous_standby_names = the standby's name, synchronous_commit = on): a commit the gateway
 * acknowledged is then on both servers.
 */
export interface ReplicatedPostgres {
  readonly primaryPort: number;
  readonly standbyPort: number;
  /** postgres://postgres@127.0.0.1:<primary>,127.0.0.1:<standby>/postgres?target_session_attrs=read-write */
  readonly url: string;
  /** A single-server URL, for checks made on one server directly. */
  serverUrl(which: 'primary' | 'standby'): string;
  /** `pg_ctl stop -m immediate` of the primary: its processes die at once, as in a crash of its host. */
  crashPrimary(): Promise<void>;
  /** `pg_ctl promote` of the standby: it leaves recovery and accepts writes. */
  promoteStandby(): Promise<void>;
  destroy(): Promise<void>;
}

/** Starts both servers; the standby is streaming (and, when synchronous, acknowledging) when this resolves. */
export async function startReplicatedPostgres(
  options: { synchronous: boolean } = { synchronous: true },
): Promise<ReplicatedPostgres> {
  const bin = debianBinaries();
  if (!bin)
    throw new Error(
      'Debian PostgreSQL binaries (/usr/lib/postgresql/*/bin) are needed: apt-get install postgresql',
    );
  const ids = postgresIds();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'elg-replicated-pg-'));
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const primaryData = path.join(dir, 'primary');
  const standbyData = path.join(dir, 'standby');
  const tool = (name: string, args: string[]) => run(path.join(bin, name), args, ids);
  // fsync off: the servers' host does not crash here, only their processes die; the WAL a commit waited for
  // is in the standby's files (the page cache) all the same, and the tests stay fast on a loaded machine.
  const common = (port: number, name: string) =>
    [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c max_connections=80',
      `-c cluster_name=${name}`,
      '-c wal_level=replica',
      '-c max_wal_senders=4',
      '-c hot_standby=on',
      '-c wal_receiver_status_interval=1s',
    ].join(' ');
  const primaryOptions = [
    common(primaryPort, 'primary'),
    options.synchronous
      ? "-c synchronous_standby_names='standby' -c synchronous_commit=on"
      : '-c synchronous_commit=local',
  ].join(' ');
  const pgCtl = (data: string, ...args: string[]) => tool('pg_ctl', ['-D', data, ...args]);
  const started = new Set<string>();
  const start = async (data: string, opts: string) => {
    await pgCtl(data, '-o', opts, '-l', `${data}.log`, '-w', '-t', '30', 'start');
    started.add(data);
  };

  await tool('initdb', [
    '-D',
    primaryData,
    '-U',
    'postgres',
    '-A',
    'trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale',
    'C',
  ]);
  await start(primaryData, primaryOptions);
  // -R writes primary_conninfo and standby.signal; the standby's walreceiver names itself by cluster_name.
  await tool('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primaryPort),
    '-U',
    'postgres',
    '-D',
    standbyData,
    '-R',
    '-X',
    'stream',
    '--no-sync',
  ]);
  await start(standbyData, common(standbyPort, 'standby'));
  const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitForStreaming(url(primaryPort), options.synchronous);

  return {
    primaryPort,
    standbyPort,
    url: `postgres://postgres@127.0.0.1:${primaryPort},127.0.0.1:${standbyPort}/postgres?target_session_attrs=read-write`,
    serverUrl: (which) => url(which === 'primary' ? primaryPort : standbyPort),
    async crashPrimary() {
      await pgCtl(primaryData, '-m', 'immediate', '-w', '-t', '30', 'stop');
      started.delete(primaryData);
    },
    async promoteStandby() {
      await pgCtl(standbyData, '-w', '-t', '30', 'promote');
    },
    async destroy() {
      for (const data of started)
        await pgCtl(data, '-m', 'immediate', '-w', '-t', '30', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the primary sees the standby streaming (and, when synchronous, as its sync standby). */
async function waitForStreaming(primaryUrl: string, synchronous: boolean): Promise<void> {
  const { Client } = await import('pg');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new Client({ connectionString: primaryUrl });
    try {
      await client.connect();
      const { rows } = await client.query<{ state: string; sync_state: string }>(
        `SELECT state, sync_state FROM pg_stat_replication WHERE application_name = 'standby'`,
      );
      if (rows[0]?.state === 'streaming' && (!synchronous || rows[0].sync_state === 'sync')) return;
    } finally {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error('the standby did not start streaming within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
