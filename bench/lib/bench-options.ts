import { choosePlacement, type Placement } from './placement';

/**
 * The flags every bench understands: `--large` for the bigger size, `--profile` to profile what it measures,
 * `--soak` for the bounded soak run (bench/soak.bench.ts; skipped otherwise), `--unpinned` to run without
 * taskset (figures then not comparable with pinned ones).
 */
export interface BenchOptions {
  readonly large: boolean;
  readonly profile: boolean;
  readonly soak: boolean;
  readonly unpinned: boolean;
  /** Where measured servers and the load generator run; the driver is already on `placement.loader`. */
  readonly placement: Placement;
  /** Other `--name=value` flags, for a bench's own settings (e.g. `--sign-ins=500`). */
  readonly values: ReadonlyMap<string, string>;
}

/**
 * Reads the flags from the command line (an unknown bare flag is refused so a typo is not silently ignored) and
 * places the driver on the load generator's CPU (placement.ts).
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const known = ['--large', '--profile', '--soak', '--unpinned'];
  for (const arg of argv) {
    if (known.includes(arg)) flags.add(arg);
    else {
      const match = /^--([\w-]+)=(.+)$/.exec(arg);
      if (!match) throw new Error(`unknown flag ${arg} (known: ${known.join(', ')}, --name=value)`);
      values.set(match[1]!, match[2]!);
    }
  }
  const unpinned = flags.has('--unpinned');
  return {
    large: flags.has('--large'),
    profile: flags.has('--profile'),
    soak: flags.has('--soak'),
    unpinned,
    placement: choosePlacement(unpinned),
    values,
  };
}

/** A positive integer flag, else the default. */
export function intOption(options: BenchOptions, name: string, fallback: number): number {
  const raw = options.values.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}
