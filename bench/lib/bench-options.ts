/** The flags every bench understands: `--large` for the bigger size, `--profile` to profile what it measures. */
export interface BenchOptions {
  readonly large: boolean;
  readonly profile: boolean;
  /** Other `--name=value` flags, for a bench's own settings (e.g. `--sign-ins=500`). */
  readonly values: ReadonlyMap<string, string>;
}

/** Reads the flags from the command line; an unknown bare flag is refused so a typo is not silently ignored. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const values = new Map<string, string>();
  let large = false;
  let profile = false;
  for (const arg of argv) {
    if (arg === '--large') large = true;
    else if (arg === '--profile') profile = true;
    else {
      const match = /^--([\w-]+)=(.+)$/.exec(arg);
      if (!match) throw new Error(`unknown flag ${arg} (known: --large, --profile, --name=value)`);
      values.set(match[1]!, match[2]!);
    }
  }
  return { large, profile, values };
}

/** A positive integer flag, else the default. */
export function intOption(options: BenchOptions, name: string, fallback: number): number {
  const raw = options.values.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}
