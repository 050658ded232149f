import { intOption, type BenchOptions } from './lib/bench-options';
import { boundedLoop, type LoopOutcome } from './lib/bounded-loop';
import { diaryClient, linkOnce, signInOnce } from './lib/diary-journeys';
import { cpuText, watchCpus, watchMachine } from './lib/placement';
import { formatNumber, ratio, type BenchResult, type BenchRow } from './lib/results-table';
import { rssBytes } from './lib/rss';
import { startSignInWorld, type SignInWorld } from './lib/sign-in-world';
import { awaitPolicy, load, prepareDatabase } from './decision.bench';
import { runAlone } from './lib/run-alone';

/**
 * The soak (issue 11, item 5): `npm run bench -- --soak` keeps signed password decisions
 * (`--soak-connections`, 8 at once) and diary sign-ins through the OpenID Provider and the ESIA emulator
 * (`--soak-browsers`, 2 at once) going against one gateway for `--soak-minutes` (10 by default, at least 3),
 * and samples the gateway's RSS and event-loop delay at the end of every minute. Target: RSS growth from
 * minute 2 to the end under 10 %. Bounded: each minute is one load run and one sign-in loop, both stopped by
 * the minute's time bound; more than 1 % failed decisions or sign-ins in a minute stops the soak.
 */

const BENCH = 'soak';
const TARGET_GROWTH = 0.1;
const MINUTE_MS = 60_000;

interface Minute {
  readonly minute: number;
  readonly rssMb: number;
  readonly decisions: number;
  readonly signIns: number;
  readonly loop: { p50: number; p99: number; max: number; heapAfterMajorGcMb: number | null };
  readonly p99: number;
}

/**
 * One minute of sign-ins, `browsers` at once. Up to 1 % may fail (a reset on a busy machine); a flow that
 * keeps failing stops the loop at its 50th failure rather than churning for the rest of the minute.
 */
async function signInMinute(world: SignInWorld, browsers: number): Promise<LoopOutcome> {
  const client = diaryClient(world.gateway.url, world.diary.url);
  const outcome = await boundedLoop(
    { count: Number.MAX_SAFE_INTEGER, concurrency: browsers, maxMs: MINUTE_MS, maxFailures: 50 },
    () => signInOnce(world.gateway.url, world.esia.url, client),
  );
  if (outcome.failed > Math.max(1, (outcome.completed + outcome.failed) / 100))
    throw new Error(
      `${outcome.failed} of ${outcome.completed + outcome.failed} sign-ins failed; first: ${String(outcome.firstError)}`,
    );
  return outcome;
}

const heapText = (s: Minute) =>
  s.loop.heapAfterMajorGcMb === null ? 'no major collection' : formatNumber(s.loop.heapAfterMajorGcMb);

/**
 * What the heap holds after V8's own major collections, minute 2 → last: RSS also counts garbage V8 has not
 * collected yet (it lets the old space grow lazily), so a growing RSS over a flat heap is not a leak, and a
 * growing heap is one whatever RSS does. Reported beside the RSS target, not instead of it.
 */
function heapRow(second: Minute, last: Minute, minutes: number, cpus: string): BenchRow {
  const from = second.loop.heapAfterMajorGcMb;
  const to = last.loop.heapAfterMajorGcMb;
  const measure = `heap after V8's major collections, minute 2 → minute ${minutes}`;
  if (from === null || to === null)
    return {
      bench: BENCH,
      measure,
      value: NaN,
      unit: '%',
      against: `${heapText(second)} → ${heapText(last)}`,
      cpus,
    };
  return {
    bench: BENCH,
    measure,
    value: (to / from - 1) * 100,
    unit: '%',
    against: `${formatNumber(from)} → ${formatNumber(to)} MB (lowest in each minute)`,
    cpus,
  };
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  if (!options.soak) return { rows: [], notes: [] };
  const minutes = intOption(options, 'soak-minutes', 10);
  const connections = intOption(options, 'soak-connections', 8);
  const browsers = intOption(options, 'soak-browsers', 2);
  if (minutes < 3) throw new Error('--soak-minutes must be at least 3 (growth is measured from minute 2)');
  let world: SignInWorld | undefined;
  try {
    world = await startSignInWorld('soak', undefined, {
      // The instance-wide limit (60 000/min by default) would turn the load into 429s: raised, still counted.
      DECISION_LIMIT_PER_INSTANCE: '1000000000',
    });
    const { gateway } = world;
    await prepareDatabase(gateway.facts.databaseUrl!);
    await awaitPolicy(gateway.url);
    // Елена's diary account linked once, by a person, so that her sign-ins find it.
    await linkOnce(gateway.url, world.esia.url, world.diary.url);
    const idleMb = rssBytes(gateway.pid) / 2 ** 20;
    await gateway.eventLoop();
    const seen = watchCpus({ gateway: gateway.pid, loader: process.pid }, 1000);
    const machine = watchMachine();
    const samples: Minute[] = [];
    for (let minute = 1; minute <= minutes; minute++) {
      const [outcome, signIns] = await Promise.all([
        load(gateway.url, 1e9, MINUTE_MS, connections),
        signInMinute(world, browsers),
      ]);
      if (outcome.non2xx + outcome.errors > outcome.completed / 1000)
        throw new Error(
          `soak minute ${minute}: ${JSON.stringify(outcome.statusCodes)}, ${outcome.errors} errors`,
        );
      samples.push({
        minute,
        rssMb: rssBytes(gateway.pid) / 2 ** 20,
        decisions: outcome.ok,
        signIns: signIns.completed,
        loop: await gateway.eventLoop(),
        p99: outcome.p99,
      });
      console.error(`soak: minute ${minute}: ${JSON.stringify(samples.at(-1))}`);
    }
    const where = seen.stop();
    const load1 = machine.stop();
    const second = samples[1]!;
    const last = samples.at(-1)!;
    const growth = last.rssMb / second.rssMb - 1;
    const cpus = `gateway ${cpuText(where.gateway ?? [])} · loader ${cpuText(where.loader ?? [])}`;
    const worstLoop = Math.max(...samples.map((s) => s.loop.p99));
    const total = (pick: (s: Minute) => number) => samples.reduce((a, s) => a + pick(s), 0);
    const rows: BenchRow[] = [
      {
        bench: BENCH,
        measure: `RSS growth, minute 2 → minute ${minutes}`,
        value: growth * 100,
        unit: '%',
        against: `${formatNumber(second.rssMb)} → ${formatNumber(last.rssMb)} MB; target < ${TARGET_GROWTH * 100} %`,
        ratioText: ratio(Math.max(growth, 0), TARGET_GROWTH),
        verdict: growth < TARGET_GROWTH ? 'ok' : 'MISSED',
        cpus,
      },
      heapRow(second, last, minutes, cpus),
      {
        bench: BENCH,
        measure: 'event-loop delay p99, worst minute',
        value: worstLoop,
        unit: 'ms',
        against: `idle RSS ${formatNumber(idleMb)} MB`,
        cpus,
      },
      {
        bench: BENCH,
        measure: `decisions in ${minutes} minutes (${connections} connections)`,
        value: total((s) => s.decisions),
        unit: '',
        cpus,
      },
      {
        bench: BENCH,
        measure: `diary sign-ins in ${minutes} minutes (${browsers} browsers)`,
        value: total((s) => s.signIns),
        unit: '',
        cpus,
      },
    ];
    const notes = [
      `soak: per minute (RSS MB, heap after V8's major collections MB, decisions, sign-ins, event-loop p50/p99/max ms, decision p99 ms): ${samples
        .map(
          (s) =>
            `${s.minute}: ${formatNumber(s.rssMb)}, ${heapText(s)}, ${s.decisions}, ${s.signIns}, ${formatNumber(s.loop.p50)}/${formatNumber(s.loop.p99)}/${formatNumber(s.loop.max)}, ${formatNumber(s.p99)}`,
        )
        .join(
          '; ',
        )}; load average ${formatNumber(load1.loadBefore)} → ${formatNumber(load1.loadAfter)}; gateway ${world.scratch ? "scratch database on DATABASE_URL's server" : gateway.facts.postgres}, ${gateway.facts.store}, signer ${gateway.facts.signer}.`,
    ];
    return { rows, notes };
  } finally {
    await world?.stop();
  }
}

runAlone(module, run);
