import { z } from 'zod';

/**
 * How an area of the configuration declares its variables (one entry each: name, default, one-line description,
 * schema) and checks what depends on several of them, and the value shapes the areas share.
 */

/** One environment variable. */
export interface Entry<T> {
  readonly env: string;
  readonly description: string;
  /** Shown in the reference; `undefined` means "no default". */
  readonly defaultText?: string;
  readonly schema: z.ZodType<T>;
  /** Marks a value that is only safe on a developer's machine: production refuses the default. */
  readonly unsafeDefaultInProduction?: boolean;
}

/** Keeps an entry's value type while the area's object literal is written. */
export const entry = <T>(e: Entry<T>): Entry<T> => e;

/** The parsed values of a set of entries, by key. */
export type Values<Entries> = { [K in keyof Entries]: Entries[K] extends Entry<infer T> ? T : never };

/** Reads a file named in configuration (relative to the project root); undefined when it cannot be read. */
export type ConfigFileReader = (path: string) => string | undefined;

/** What an area's checks may know beyond its own values, once every variable has parsed. */
export interface CheckContext {
  readonly production: boolean;
  /** False when the variable was left unset and its development default is in use. */
  readonly given: (env: string) => boolean;
  readonly readFile: ConfigFileReader;
}

export const port = z.coerce.number().int().min(0).max(65535);
export const positiveInt = z.coerce.number().int().positive();
export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
export const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL (${protocols.join(' or ')})` },
  );

/** A comma-separated list, blanks dropped. */
export const commaList = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
