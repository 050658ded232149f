import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * Where the benches run their processes (issue 11, item 1): the measured server (gateway or bare Express) on one
 * CPU, the load generator (this driver process, which also HMAC-signs every request), the emulators and the
 * bench's own PostgreSQL on another, with `taskset` (util-linux) — a lower priority would still let the loader
 * take the server's core. Both servers of a comparison are placed the same way. BENCH_SERVER_CPU and
 * BENCH_LOADER_CPU choose the CPUs; `--unpinned` runs without taskset (the table then says "any").
 */
export interface Placement {
  /** The CPU of measured servers, or null when not pinned. */
  readonly server: number | null;
  /** The CPU of the load generator, the emulators and the embedded PostgreSQL, or null when not pinned. */
  readonly loader: number | null;
}

/** The CPUs this process may run on (Cpus_allowed_list of /proc/self/status), e.g. [0, 1]. */
export function allowedCpus(pid: number | 'self' = 'self'): number[] {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const list = /^Cpus_allowed_list:\s*(.+)$/m.exec(status)?.[1]?.trim() ?? '';
  return list.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    if (to === undefined) return [from!];
    return Array.from({ length: to - from! + 1 }, (_, i) => from! + i);
  });
}

function cpuFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a CPU number`);
  return value;
}

function tasksetAvailable(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** `taskset -a -p -c <cpu> <pid>`: every thread of a running process onto one CPU. */
export function pinProcess(pid: number, cpu: number): void {
  const done = spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { encoding: 'utf8' });
  if (done.status !== 0) throw new Error(`taskset could not pin ${pid} to CPU ${cpu}: ${done.stderr.trim()}`);
}

let chosen: Placement | undefined;

/**
 * Decides the placement once per driver and pins the driver itself to the loader's CPU. Fails with the way to
 * get `taskset` when it is missing (Debian: `apt-get install util-linux`), unless `unpinned` was asked for.
 */
export function choosePlacement(unpinned: boolean): Placement {
  if (chosen) return chosen;
  const cpus = allowedCpus();
  if (unpinned) return (chosen = { server: null, loader: null });
  if (cpus.length < 2)
    throw new Error(
      `one CPU only (${cpus.join(',')}): the bench cannot separate server and loader; run with --unpinned`,
    );
  if (!tasksetAvailable())
    throw new Error(
      'taskset not found: install util-linux (apt-get install util-linux) or run with --unpinned',
    );
  const server = cpuFromEnv('BENCH_SERVER_CPU', cpus[0]!);
  const loader = cpuFromEnv('BENCH_LOADER_CPU', cpus[cpus.length - 1]!);
  if (server === loader) throw new Error('BENCH_SERVER_CPU and BENCH_LOADER_CPU must differ');
  pinProcess(process.pid, loader);
  moveLocalServicesToLoader(loader);
  return (chosen = { server, loader });
}

/** The machine's own database and cache servers, by process name (a PostgreSQL backend is a `postgres` too). */
const LOCAL_SERVICES = new Set(['postgres', 'redis-server']);

function processName(pid: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined; // Exited while we read.
  }
}

/**
 * Moves the PostgreSQL and Redis servers already running on this machine (DATABASE_URL, REDIS_URL, the local
 * 127.0.0.1:5432 the scratch databases use) onto the loader's CPU for the run, and puts them back where they
 * were when the driver exits. Left floating, their work for the measured server ran on the server's CPU half
 * of the time: it took CPU from the server and preempted it mid-request, which showed as tail latency (issue
 * 11, item 1). New backends inherit the postmaster's CPU. Answers how many processes were moved.
 */
export function moveLocalServicesToLoader(loader: number): number {
  const moved: Array<{ pid: number; cpus: string }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || !LOCAL_SERVICES.has(processName(name) ?? '')) continue;
    const pid = Number(name);
    try {
      const cpus = allowedCpus(pid).join(',');
      pinProcess(pid, loader);
      moved.push({ pid, cpus });
    } catch {
      // Exited meanwhile, or not ours to move: it stays where it was.
    }
  }
  const putBack = () => {
    for (const { pid, cpus } of moved.splice(0))
      spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  };
  process.once('exit', putBack);
  // Interrupted, the driver would otherwise leave the machine's servers on one CPU.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.once(signal, () => {
      putBack();
      process.exit(code);
    });
  movedServices = moved.length;
  return moved.length;
}

let movedServices = 0;

/** How many of the machine's PostgreSQL and Redis processes this run moved to the loader's CPU (for the notes). */
export const localServicesMoved = (): number => movedServices;

/** The placement chosen so far (unpinned when no bench chose one: a bench file run on its own before choosing). */
export const currentPlacement = (): Placement => chosen ?? { server: null, loader: null };

/** The command that starts a process on `cpu` (null: as is). */
export function onCpu(cpu: number | null, command: string, args: string[]): [string, string[]] {
  return cpu === null ? [command, args] : ['taskset', ['-c', String(cpu), command, ...args]];
}

/** The pids of every descendant of `pid` (children, grandchildren…), read from /proc. */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(ppid, [...(parentOf.get(ppid) ?? []), Number(name)]);
    } catch {
      // Exited while we read.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const child of parentOf.get(p) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

/**
 * Moves the processes a measured server started (the embedded PostgreSQL: postmaster and its backends; later
 * backends inherit the postmaster's CPU) onto the loader's CPU, so that the server's CPU runs the server alone.
 * Answers how many were moved.
 */
export function moveDescendantsToLoader(pid: number): number {
  const { loader } = currentPlacement();
  if (loader === null) return 0;
  let moved = 0;
  for (const child of descendants(pid)) {
    try {
      pinProcess(child, loader);
      moved++;
    } catch {
      // A backend that ended meanwhile.
    }
  }
  return moved;
}

/** Each thread's CPU time so far (utime + stime, ticks) and the CPU it last ran on (fields 14, 15, 39). */
function threads(pid: number): Array<{ tid: string; ticks: number; cpu: number }> {
  const out: Array<{ tid: string; ticks: number; cpu: number }> = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({
        tid: `${pid}/${tid}`,
        ticks: Number(fields[11]) + Number(fields[12]),
        cpu: Number(fields[36]),
      });
    }
  } catch {
    // The process exited.
  }
  return out;
}

/** A process and its descendants (the embedded PostgreSQL's postmaster and backends). */
export const withDescendants = (pid: number) => (): number[] => [pid, ...descendants(pid)];

/**
 * Watches which CPUs the threads of some processes run on while a load runs (sampled every `everyMs`), so that
 * the table can say where each ran, not only where it was meant to.
 */
export function watchCpus(
  pids: Record<string, number | (() => number[])>,
  everyMs = 200,
): { stop(): Record<string, number[]> } {
  const seen = new Map<string, Set<number>>(Object.keys(pids).map((k) => [k, new Set()]));
  // A thread counts only where it used CPU since the last sample: a sleeping thread keeps the CPU it last ran
  // on, which may predate its pinning.
  const ticks = new Map<string, number>();
  const sample = () => {
    for (const [name, which] of Object.entries(pids))
      for (const pid of typeof which === 'number' ? [which] : which())
        for (const t of threads(pid)) {
          const before = ticks.get(t.tid);
          ticks.set(t.tid, t.ticks);
          if (before !== undefined && t.ticks > before) seen.get(name)!.add(t.cpu);
        }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return Object.fromEntries([...seen].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]));
    },
  };
}

/** Busy and total jiffies of each CPU (/proc/stat), to say how busy a CPU was with everything on the machine. */
function cpuJiffies(): Map<number, { busy: number; total: number }> {
  const out = new Map<number, { busy: number; total: number }>();
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = match[2]!.split(/\s+/).map(Number);
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    out.set(Number(match[1]), { busy, total: busy + idle! + iowait! });
  }
  return out;
}

/** The machine's load around a run: load averages before and after, and how busy each CPU was (all processes). */
export interface MachineLoad {
  readonly loadBefore: number;
  readonly loadAfter: number;
  /** Share of each CPU's time spent busy during the run, by anyone (0–1). */
  readonly busy: Record<number, number>;
}

export function watchMachine(): { stop(): MachineLoad } {
  const loadBefore = loadavg()[0]!;
  const before = cpuJiffies();
  return {
    stop() {
      const after = cpuJiffies();
      const busy: Record<number, number> = {};
      for (const [cpu, a] of after) {
        const b = before.get(cpu);
        if (b && a.total > b.total) busy[cpu] = (a.busy - b.busy) / (a.total - b.total);
      }
      return { loadBefore, loadAfter: loadavg()[0]!, busy };
    },
  };
}

/** `CPU 0` / `CPUs 0,1` / `any`. */
export function cpuText(cpus: readonly number[] | number | null): string {
  if (cpus === null) return 'any';
  const list = typeof cpus === 'number' ? [cpus] : cpus;
  if (!list.length) return '?';
  return `${list.length > 1 ? 'CPUs' : 'CPU'} ${list.join(',')}`;
}
