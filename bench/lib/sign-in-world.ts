import { spawnEsiaEmulator, spawnGateway } from './bench-processes';
import { benchConfigDir } from './diary-journeys';
import { freePort } from './free-port';
import { cpuText, watchCpus } from './placement';
import { spawnMeasured, type MeasuredProcess } from './measured-process';
import { benchPostgresServer, createScratchDatabase, type ScratchDatabase } from './scratch-database';

/**
 * The processes a diary's sign-in or link crosses, each in its own process so each reports its own CPU: the
 * gateway (from this checkout, or another one given as `root`: `--baseline=<checkout>`), the ESIA emulator and
 * the Дневник.ру emulator (both on the loader's CPU), and the gateway's scratch database on DATABASE_URL's
 * server when there is one (else the gateway starts its embedded PostgreSQL).
 */
export interface SignInWorld {
  readonly gateway: MeasuredProcess;
  readonly esia: MeasuredProcess;
  readonly diary: MeasuredProcess;
  /** Whether the gateway runs on a scratch database of DATABASE_URL's server (else its own embedded one). */
  readonly scratch: boolean;
  /** Stops every process (gateway first) and drops the scratch database. */
  stop(): Promise<void>;
}

/**
 * Starts a world named `name` (its config directory, scratch database and Redis key prefix carry the name, so
 * two worlds side by side never share a record), `env` added to the gateway's. Whatever fails halfway, what was started is stopped.
 */
export async function startSignInWorld(
  name: string,
  root?: string,
  env: Record<string, string> = {},
): Promise<SignInWorld> {
  const gatewayPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const procs: MeasuredProcess[] = [];
  let scratch: ScratchDatabase | undefined;
  const stop = async () => {
    for (const p of procs) await p.stop();
    await scratch?.drop();
  };
  try {
    if (process.env.DATABASE_URL)
      scratch = await createScratchDatabase(
        (await benchPostgresServer(0)).url,
        `elg_bench_${name.replace(/\W/g, '_')}`,
      );
    const esia = await spawnEsiaEmulator(gatewayUrl);
    procs.unshift(esia);
    const diary = await spawnMeasured({
      entry: 'bench/processes/dnevnik-emulator.process.ts',
      role: 'loader',
      env: { BENCH_GATEWAY_URL: gatewayUrl },
    });
    procs.unshift(diary);
    const gateway = await spawnGateway(
      gatewayPort,
      esia.url,
      {
        CONFIG_DIR: benchConfigDir(`bench-${name}-config`, diary.url),
        ...(scratch ? { DATABASE_URL: scratch.url } : {}),
        REDIS_KEY_PREFIX: `elg-bench-${name}-${process.pid}:`,
        ...env,
      },
      root,
    );
    procs.unshift(gateway);
    return { gateway, esia, diary, scratch: scratch !== undefined, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Watches on which CPUs the world's processes and the driver used CPU until `stop()`, which answers the text of
 * the table's last column (`gateway CPU 0 · ESIA emulator CPU 1 · …`).
 */
export function watchWorld(world: SignInWorld): { stop(): string } {
  const watch = watchCpus(
    { gateway: world.gateway.pid, esia: world.esia.pid, diary: world.diary.pid, driver: process.pid },
    1000,
  );
  return {
    stop() {
      const seen = watch.stop();
      const on = (name: string) => cpuText(seen[name] ?? []);
      return `gateway ${on('gateway')} · ESIA emulator ${on('esia')} · diary emulator ${on('diary')} · driver ${on('driver')}`;
    },
  };
}
