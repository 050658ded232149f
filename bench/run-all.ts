import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseBenchOptions, type BenchOptions } from './lib/bench-options';
import { renderResults, type BenchResult } from './lib/results-table';

/**
 * `npm run bench`: every `bench/*.bench.ts` in turn (each exports `run(options)` returning rows), one table at
 * the end. A bench that fails is reported and the others still run; the exit code says whether all passed.
 */
async function main(): Promise<void> {
  const options: BenchOptions = parseBenchOptions(process.argv.slice(2));
  // `--soak` runs the soak alone (it takes minutes); without it the soak bench is left out.
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => (f === 'soak.bench.ts') === options.soak)
    .sort();
  const results: BenchResult[] = [];
  let failed = 0;
  for (const file of files) {
    console.error(`bench: ${file}${options.large ? ' (large)' : ''}…`);
    const bench = (await import(join(__dirname, file))) as { run(o: BenchOptions): Promise<BenchResult> };
    try {
      results.push(await bench.run(options));
    } catch (error) {
      failed++;
      console.error(`bench: ${file} failed:`, error);
    }
  }
  console.log(renderResults(results));
  if (failed) process.exit(1);
}

void main();
