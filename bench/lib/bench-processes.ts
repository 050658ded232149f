import { freePort } from './free-port';
import { spawnMeasured, startFlags, type MeasuredProcess } from './measured-process';

/** The ESIA emulator as a measured process that accepts the callback of the gateway at `gatewayUrl`. */
export function spawnEsiaEmulator(gatewayUrl: string): Promise<MeasuredProcess> {
  return spawnMeasured({
    entry: 'bench/processes/esia-emulator.process.ts',
    role: 'loader',
    env: { BENCH_REDIRECT_URIS: `${gatewayUrl}/auth/esia/callback` },
  });
}

/**
 * The gateway as a measured process on 127.0.0.1:`port` against the ESIA at `esiaUrl`, `env` added; from the
 * checkout at `root` when given (a baseline: its own embedded PostgreSQL, under its own .data).
 */
export async function spawnGateway(
  port: number,
  esiaUrl: string,
  env: Record<string, string> = {},
  root?: string,
): Promise<MeasuredProcess> {
  return spawnMeasured({
    entry: 'bench/processes/gateway.process.ts',
    ...(root ? { root } : {}),
    nodeFlags: startFlags(root),
    env: {
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ESIA_BASE_URL: esiaUrl,
      ...env,
      // The bench's own embedded PostgreSQL, so it never collides with a running `npm start`.
      EMBEDDED_PG_DIR: process.env.EMBEDDED_PG_DIR ?? '.data/bench-postgres',
      EMBEDDED_PG_PORT: root
        ? String(await freePort())
        : (process.env.EMBEDDED_PG_PORT ?? String(await freePort())),
    },
  });
}
