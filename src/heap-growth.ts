import { setFlagsFromString } from 'node:v8';

/**
 * Tells V8 how far the heap may grow past what its last full collection kept before it collects again
 * (`--heap-growing-percent`; 0 leaves V8's own factor, up to 4×). With V8's own factor a password-decision
 * load let the old space fill with garbage from ≈ 30 to ≈ 130 MB between full collections, and RSS peaked at
 * ≈ 240 MB for a heap that holds ≈ 35 MB; with 30 %, RSS peaked at ≈ 150 MB at no measurable CPU cost
 * (docs/benchmarks.md, "Issue 11, round 5").
 *
 * A flag set while running: V8 reads it each time it sizes the heap after a full collection, so it applies
 * from the next one. It cannot go in NODE_OPTIONS, which accepts V8's size limits (such as --max-semi-space-size)
 * but refuses this flag.
 */
export function applyHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`heap growth ${percent}`);
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
