import { parseBenchOptions, type BenchOptions } from './bench-options';
import { renderResults, type BenchResult } from './results-table';

/**
 * Runs one bench by itself when its file is the entry point (`node … bench/<name>.bench.ts --flags`): its table
 * on stdout, exit code 1 if it failed. Called as `runAlone(module, run)` at the end of every bench file.
 */
export function runAlone(mod: NodeJS.Module, run: (options: BenchOptions) => Promise<BenchResult>): void {
  if (require.main !== mod) return;
  run(parseBenchOptions(process.argv.slice(2))).then(
    (result) => console.log(renderResults([result])),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
