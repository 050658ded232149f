import { Client } from 'pg';
import { ELENA, ELENA_PERSONA, linkOnce } from './lib/diary-journeys';
import { intOption, type BenchOptions } from './lib/bench-options';
import { boundedLoop } from './lib/bounded-loop';
import { cpuDelta, cpuMs, type CpuTime } from './lib/cpu';
import { startSignInWorld, watchWorld, type SignInWorld } from './lib/sign-in-world';
import { join } from 'node:path';
import { summarizeProfile } from './lib/cpu-profile';
import { formatNumber, ratio, type BenchResult } from './lib/results-table';
import { runAlone } from './lib/run-alone';

/**
 * Gateway CPU per completed link (flow A, issue 7 item 3), end to end over loopback HTTP: the Дневник.ру
 * emulator's sign-in and settings page → «Привязать…» (the emulator pushes the link request to the gateway's
 * OpenID Provider) → the gateway's notice → ESIA emulator sign-in and consent → callback and the school-record
 * checks (the gateway asks the diary for the profile) → confirmation → the diary redeems its code: the link, its
 * event and outbox row written → the diary's «Отлично!». Gateway, ESIA emulator and diary emulator each run in
 * their own process. Links are made one at a time by the same parent (the unique indexes allow one active link
 * per account): the driver revokes each link in SQL before the next, outside the gateway's count.
 */

const BENCH = 'link journey';
/** Issue 11 (item 3): at most 12 ms of gateway CPU per completed link. */
const TARGET_MS = 12;

export async function run(options: BenchOptions): Promise<BenchResult> {
  const count = intOption(options, 'links', options.large ? 300 : 40);
  const warmUp = intOption(options, 'warm-up', options.large ? 30 : 8);
  let world: SignInWorld | undefined;
  let db: Client | undefined;
  try {
    world = await startSignInWorld('link');
    const { gateway, esia, diary } = world;
    const procs = [gateway, esia, diary];
    db = new Client({ connectionString: gateway.facts.databaseUrl });
    await db.connect();
    const revoke = () =>
      db!.query(
        `UPDATE links SET revoked_at = now(), revoked_reason = 'bench' WHERE instance_id = 'dnevnik-86'
         AND legacy_user_id = $1 AND revoked_at IS NULL`,
        [ELENA.userId],
      );
    await revoke();
    const oneLink = async () => {
      await linkOnce(gateway.url, esia.url, diary.url);
      await revoke();
    };
    await boundedLoop({ count: warmUp, maxMs: 60_000 }, oneLink);
    const idle0 = await gateway.cpuTime();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleMsPerS = cpuMs(cpuDelta(idle0, await gateway.cpuTime()));
    // Revocations are the driver's; their CPU on the gateway is nil (SQL straight to PostgreSQL).
    const watch = watchWorld(world);
    const before: CpuTime[] = await Promise.all(procs.map((p) => p.cpuTime()));
    const loop = await boundedLoop({ count, maxMs: options.large ? 600_000 : 120_000 }, oneLink);
    const after: CpuTime[] = await Promise.all(procs.map((p) => p.cpuTime()));
    const cpus = watch.stop();
    const per = (i: number) => cpuMs(cpuDelta(before[i]!, after[i]!)) / loop.completed;
    const gatewayMs = per(0);
    const profiled = options.profile ? await profileLinks(world, oneLink, count) : [];
    return {
      rows: [
        {
          bench: BENCH,
          measure: 'gateway CPU per completed link',
          value: gatewayMs,
          unit: 'ms',
          against: `target ${TARGET_MS} ms`,
          ratioText: ratio(gatewayMs, TARGET_MS),
          verdict: gatewayMs <= TARGET_MS ? 'ok' : 'MISSED',
          cpus,
        },
        { bench: BENCH, measure: 'ESIA emulator CPU per link (apart)', value: per(1), unit: 'ms', cpus },
        { bench: BENCH, measure: 'diary emulator CPU per link (apart)', value: per(2), unit: 'ms', cpus },
        {
          bench: BENCH,
          measure: `wall time per link, ${loop.completed} links one at a time`,
          value: loop.wallMs / loop.completed,
          unit: 'ms',
        },
      ],
      notes: [
        `link journey: ${loop.completed} links by ${ELENA.login} ↔ ESIA ${ELENA_PERSONA} after ${warmUp} warm-up, one at a time` +
          `${loop.timedOut ? ', CUT SHORT by the time bound' : ''}; gateway ${world.scratch ? "scratch database on DATABASE_URL's server" : gateway.facts.postgres}, ` +
          `${gateway.facts.store}, signer ${gateway.facts.signer}; the outbox worker delivering link.created runs in the gateway (counted); ` +
          `idle gateway ${formatNumber(idleMsPerS)} ms CPU per second (timers, outbox polling: included, ≈ ` +
          `${formatNumber((idleMsPerS * loop.wallMs) / 1000 / loop.completed)} ms of each link).`,
        ...profiled,
      ],
    };
  } finally {
    await db?.end().catch(() => undefined);
    await world?.stop();
  }
}

/**
 * With `--profile`: V8's sampling profile of the gateway over a further round of links, after the measured one
 * (so the profiler's cost is in no figure), summed by the package or repository file responsible. Its shares
 * count wall time on the main thread: they guide, the CPU figures measure.
 */
async function profileLinks(
  world: SignInWorld,
  oneLink: () => Promise<void>,
  count: number,
): Promise<string[]> {
  const file = join(__dirname, '..', '.data/bench-profiles', `link-journey-gateway-${Date.now()}.cpuprofile`);
  await world.gateway.startProfile();
  const loop = await boundedLoop({ count, maxMs: 120_000 }, oneLink);
  await world.gateway.stopProfile(file);
  const { groups, functions } = summarizeProfile(file);
  const line = (s: { where: string; share: number }) => `${formatNumber(s.share * 100)}% ${s.where}`;
  return [
    `link journey profile (${loop.completed} links, ${file}), share of main-thread time by the code responsible: ` +
      groups.map(line).join('; '),
    `link journey profile, busiest leaf functions: ${functions.map(line).join('; ')}`,
  ];
}

runAlone(module, run);
