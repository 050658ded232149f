import { readFileSync } from 'node:fs';

/** CPU time in microseconds, user and system apart (what process.cpuUsage() returns). */
export interface CpuTime {
  readonly user: number;
  readonly system: number;
}

/** user + system, in milliseconds. */
export const cpuMs = (t: CpuTime): number => (t.user + t.system) / 1000;

/** `after − before`. */
export function cpuDelta(before: CpuTime, after: CpuTime): CpuTime {
  return { user: after.user - before.user, system: after.system - before.system };
}

/** This process's CPU time, all its threads (JS, GC, libuv pool, OpenSSL). */
export function selfCpu(): CpuTime {
  return process.cpuUsage();
}

// Linux counts /proc/<pid>/stat times in clock ticks; USER_HZ is 100 on every Linux architecture Node runs on.
const USER_HZ = 100;

/**
 * CPU time of any process from /proc/<pid>/stat (10 ms resolution), optionally with its reaped children's
 * (`cutime`/`cstime`: what spawned `openssl` processes cost once they have exited). Linux only.
 */
export function procCpu(pid: number | 'self', options: { withChildren?: boolean } = {}): CpuTime {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: count fields after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tick = (index: number) => Number(fields[index - 3]) * (1_000_000 / USER_HZ);
  const children = options.withChildren ?? false;
  return {
    user: tick(14) + (children ? tick(16) : 0),
    system: tick(15) + (children ? tick(17) : 0),
  };
}

/** CPU time of this process's children that have exited and been waited for (spawned `openssl` runs). */
export function reapedChildrenCpu(): CpuTime {
  const all = procCpu('self', { withChildren: true });
  const own = procCpu('self');
  return { user: all.user - own.user, system: all.system - own.system };
}
