import type { AdapterDeps, DiaryAdapter, DiaryAdapterDescriptor, DiaryCapabilities } from './contract';
import { setevoyRegion } from './setevoy-region';
import { dnevnik } from './dnevnik';
import { copHmao } from './cop-hmao';
import { diaryApi } from './diary-api';

/**
 * Every vendor the gateway can talk to: a new vendor is a folder in adapters/ and one line here. The
 * composition root builds each diary instance's adapter from the descriptor its `adapterKind` names.
 */
export const diaryAdapters: readonly DiaryAdapterDescriptor<unknown>[] = [
  copHmao,
  diaryApi,
  dnevnik,
  setevoyRegion,
];

/** The descriptor of `kind`, or undefined: config/instances.json is checked against these kinds at start. */
export function findDiaryAdapter(kind: string): DiaryAdapterDescriptor<unknown> | undefined {
  return diaryAdapters.find((d) => d.kind === kind);
}

/**
 * What an instance of `kind` with these settings can do, without building its adapter (the descriptor's
 * capabilities, or those its settings declare); undefined for an unknown kind or settings that do not fit.
 */
export function instanceCapabilities(kind: string, settings: unknown): DiaryCapabilities | undefined {
  const descriptor = findDiaryAdapter(kind);
  const parsed = descriptor?.configSchema.safeParse(settings ?? {});
  if (!descriptor || !parsed?.success) return undefined;
  return descriptor.capabilitiesOf?.(parsed.data) ?? descriptor.capabilities;
}

/** How the composition root wants an adapter built. */
export interface CreateAdapterOptions {
  /** Production: the instance's credential must be set, and must not be one of the adapter's demo credentials. */
  readonly production?: boolean;
  /** The environment variable the credential comes from (`credentialsRef`), named in the refusals. */
  readonly credentialsRef?: string;
}

/**
 * Builds the adapter of one diary instance: validates its vendor settings with the descriptor's own schema
 * (every problem named, none ignored), refuses a missing or demo credential in production, then creates it.
 */
export function createDiaryAdapter(
  kind: string,
  settings: unknown,
  deps: AdapterDeps,
  options: CreateAdapterOptions = {},
): DiaryAdapter {
  const descriptor = findDiaryAdapter(kind);
  if (!descriptor) throw new Error(`instance ${deps.instanceId}: no diary adapter of kind "${kind}"`);
  const parsed = descriptor.configSchema.safeParse(settings ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`);
    throw new Error(`instance ${deps.instanceId}: invalid ${kind} settings: ${problems.join('; ')}`);
  }
  if (options.production) {
    const variable = options.credentialsRef ?? 'the credential variable';
    if (!deps.secret)
      throw new Error(
        `instance ${deps.instanceId}: ${variable} is not set: production refuses the demo credential the adapter would use`,
      );
    if (descriptor.demoCredentials(parsed.data).includes(deps.secret))
      throw new Error(
        `instance ${deps.instanceId}: ${variable} holds a public demo credential of ${kind}: production refuses it`,
      );
  }
  return descriptor.create(parsed.data, deps);
}
