/**
 * One row of the benchmark table that `npm run bench` prints: every bench returns rows of this shape, so their
 * results join one table. `ratio` is always measured against something taken in the same run or a fixed target.
 */
export interface BenchRow {
  /** Which bench produced the row, e.g. `esia sign-in`. */
  readonly bench: string;
  readonly measure: string;
  readonly value: number;
  readonly unit: string;
  /** What the value is compared with, in words (`target 3 ms`, `engine, same run`). */
  readonly against?: string;
  /** value ÷ the baseline (or baseline ÷ value when `ratio` reads "× faster"): said in `ratioText`. */
  readonly ratioText?: string;
  /** `ok` / `MISSED` for rows that carry a target. */
  readonly verdict?: 'ok' | 'MISSED';
  /** Where the processes behind the figure ran (`gateway CPU 0 · loader CPU 1`), as observed during the run. */
  readonly cpus?: string;
}

/** A bench's whole result: its rows and a few lines of context (signer, stores, sizes) printed under the table. */
export interface BenchResult {
  readonly rows: BenchRow[];
  readonly notes: string[];
}

/** A number with about three significant digits, thousands grouped: `0.0612`, `2.41`, `1 234`. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : abs >= 0.1 ? 3 : 4;
  const [whole, fraction] = value.toFixed(digits).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** `a` as a ratio of `b`: `0.41×` (or `24.4×`). */
export function ratio(a: number, b: number): string {
  return `${formatNumber(a / b)}×`;
}

/** The rows as a Markdown table (readable in a terminal, pasteable into the README). */
export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['bench', 'measure', 'value', 'unit', 'against', 'ratio', '', 'CPUs (observed)'];
  const cells = rows.map((r) => [
    r.bench,
    r.measure,
    formatNumber(r.value),
    r.unit,
    r.against ?? '',
    r.ratioText ?? '',
    r.verdict ?? '',
    r.cpus ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const numeric = new Set([2, 5]);
  const line = (c: string[]) =>
    `| ${c.map((v, i) => (numeric.has(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

/** The table followed by each bench's notes. */
export function renderResults(results: readonly BenchResult[]): string {
  const notes = results.flatMap((r) => r.notes);
  return [renderTable(results.flatMap((r) => r.rows)), '', ...notes.map((n) => `- ${n}`)].join('\n');
}
