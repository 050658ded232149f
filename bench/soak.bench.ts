import { intOption, parseBenchOptions, type BenchOptions } from './lib/bench-options';
import { freePort } from './lib/free-port';
import { spawnMeasured, type MeasuredProcess } from './lib/measured-process';
import { cpuText, watchCpus, watchMachine } from './lib/placement';
import { formatNumber, ratio, renderResults, type BenchResult, type BenchRow } from './lib/results-table';
import { rssBytes } from './lib/rss';
import { awaitPolicy, load, prepareDatabase } from './decision.bench';

/**
 * The soak (issue 11, item 5): `npm run bench -- --soak` keeps signed password decisions going against one
 * gateway for `--soak-minutes` (10 by default; `--soak-minutes=2` for a try) with `--soak-connections` (8) at
 * once, and samples the gateway's RSS and event-loop delay at the end of every minute. Target: RSS growth from
 * minute 2 to the end under 10 %. Decisions only: sign-ins are not mixed in (the ESIA sign-in bench covers them).
 * Bounded: each minute is one load run stopped by its time bound.
 */

const BENCH = 'soak';
const TARGET_GROWTH = 0.1;

interface Minute {
  readonly minute: number;
  readonly rssMb: number;
  readonly decisions: number;
  readonly loop: { p50: number; p99: number; max: number };
  readonly p99: number;
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  if (!options.soak) return { rows: [], notes: [] };
  const minutes = intOption(options, 'soak-minutes', 10);
  const connections = intOption(options, 'soak-connections', 8);
  if (minutes < 3) throw new Error('--soak-minutes must be at least 3 (growth is measured from minute 2)');
  let gateway: MeasuredProcess | undefined;
  try {
    gateway = await spawnMeasured({
      entry: 'bench/processes/gateway.process.ts',
      env: {
        HOST: '127.0.0.1',
        PORT: '0',
        EMBEDDED_PG_DIR: process.env.EMBEDDED_PG_DIR ?? '.data/bench-postgres',
        EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ?? String(await freePort()),
        REDIS_KEY_PREFIX: `elg-bench-soak-${process.pid}:`,
        DECISION_LIMIT_PER_INSTANCE: '1000000000',
      },
    });
    await prepareDatabase(gateway.facts.databaseUrl!);
    await awaitPolicy(gateway.url);
    const idleMb = rssBytes(gateway.pid) / 2 ** 20;
    await gateway.eventLoop();
    const seen = watchCpus({ gateway: gateway.pid, loader: process.pid }, 1000);
    const machine = watchMachine();
    const samples: Minute[] = [];
    for (let minute = 1; minute <= minutes; minute++) {
      const outcome = await load(gateway.url, 1e9, 60_000, connections);
      if (outcome.non2xx + outcome.errors > outcome.completed / 1000)
        throw new Error(
          `soak minute ${minute}: ${JSON.stringify(outcome.statusCodes)}, ${outcome.errors} errors`,
        );
      samples.push({
        minute,
        rssMb: rssBytes(gateway.pid) / 2 ** 20,
        decisions: outcome.ok,
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
        value: samples.reduce((a, s) => a + s.decisions, 0),
        unit: '',
        cpus,
      },
    ];
    const notes = [
      `soak: per minute (RSS MB, decisions, event-loop p50/p99/max ms, request p99 ms): ${samples
        .map(
          (s) =>
            `${s.minute}: ${formatNumber(s.rssMb)}, ${s.decisions}, ${formatNumber(s.loop.p50)}/${formatNumber(s.loop.p99)}/${formatNumber(s.loop.max)}, ${formatNumber(s.p99)}`,
        )
        .join(
          '; ',
        )}; load average ${formatNumber(load1.loadBefore)} → ${formatNumber(load1.loadAfter)}; gateway ${gateway.facts.postgres}, ${gateway.facts.store}; decisions only (no sign-ins mixed in).`,
    ];
    return { rows, notes };
  } finally {
    await gateway?.stop();
  }
}

if (require.main === module) {
  run(parseBenchOptions(process.argv.slice(2))).then(
    (result) => console.log(renderResults([result])),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
