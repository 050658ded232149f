import type { AdapterDeps, DiaryAdapter, DiaryAdapterDescriptor } from './contract';
import { setevoyRegion } from './setevoy-region';
import { dnevnik } from './dnevnik';
import { copHmao } from './cop-hmao';

/**
 * Every vendor the gateway can talk to: a new vendor is a folder in adapters/ and one line here. The
 * composition root builds each diary instance's adapter from the descriptor its `adapterKind` names.
 */
export const diaryAdapters: readonly DiaryAdapterDescriptor<unknown>[] = [copHmao, dnevnik, setevoyRegion];

/** The descriptor of `kind`, or undefined: config/instances.json is checked against these kinds at start. */
export function findDiaryAdapter(kind: string): DiaryAdapterDescriptor<unknown> | undefined {
  return diaryAdapters.find((d) => d.kind === kind);
}

/**
 * Builds the adapter of one diary instance: validates its vendor settings with the descriptor's own schema
 * (every problem named, none ignored), then creates it.
 */
export function createDiaryAdapter(kind: string, settings: unknown, deps: AdapterDeps): DiaryAdapter {
  const descriptor = findDiaryAdapter(kind);
  if (!descriptor) throw new Error(`instance ${deps.instanceId}: no diary adapter of kind "${kind}"`);
  const parsed = descriptor.configSchema.safeParse(settings ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`);
    throw new Error(`instance ${deps.instanceId}: invalid ${kind} settings: ${problems.join('; ')}`);
  }
  return descriptor.create(parsed.data, deps);
}
