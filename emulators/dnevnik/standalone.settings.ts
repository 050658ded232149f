import { demoOidcClientSecret, demoVendorKey } from '../shared/demo-oidc-credentials';
import type { VendorKey } from '../shared/vendor-api.client';
import type { DnevnikEmulatorOptions, GatewaySettings } from './dnevnik-emulator.options';

/** Where each of the standalone emulator's credentials came from, for its start-up lines (never the values). */
export interface StandaloneSources {
  oidcSecret: 'environment' | 'demo';
  /** null: no vendor key, so the password form cannot ask the gateway's decision. */
  vendorKey: 'environment' | 'demo' | null;
}

/**
 * The vendor key the diary signs its decision requests with: DNEVNIK_EMULATOR_VENDOR_KEY_ID and
 * DNEVNIK_EMULATOR_VENDOR_SECRET together, or else the demo key the gateway seeds for the instance outside
 * production (config/demo-vendor-credentials.json). Without one the password form would let everyone in whose
 * password is right, whatever the region's rule: the very thing the gateway exists to decide.
 */
function vendorKeyOf(
  env: NodeJS.ProcessEnv,
  instanceId: string,
): { key: VendorKey; source: 'environment' | 'demo' } | null {
  const keyId = env.DNEVNIK_EMULATOR_VENDOR_KEY_ID;
  const secret = env.DNEVNIK_EMULATOR_VENDOR_SECRET;
  if (keyId && secret) return { key: { keyId, secret }, source: 'environment' };
  if (keyId || secret)
    throw new Error('set both DNEVNIK_EMULATOR_VENDOR_KEY_ID and DNEVNIK_EMULATOR_VENDOR_SECRET, or neither');
  const demo = demoVendorKey(instanceId);
  return demo ? { key: demo, source: 'demo' } : null;
}

/**
 * The options `npm run emulator:dnevnik` starts the emulator with, read from the environment (emulators/dnevnik/
 * main.ts lists the variables). With a gateway, the diary is its OpenID client and its password form asks the
 * gateway's password-login decision with its vendor key, as the demo's diary does (emulators/diary-emulators.ts).
 */
export function standaloneOptions(env: NodeJS.ProcessEnv): {
  options: DnevnikEmulatorOptions;
  sources: StandaloneSources | null;
} {
  const port = Number(env.DNEVNIK_EMULATOR_PORT ?? 4101);
  if (!env.DNEVNIK_EMULATOR_GATEWAY_URL) return { options: { port }, sources: null };
  const instanceId = env.DNEVNIK_EMULATOR_INSTANCE ?? 'dnevnik-86';
  const vendorKey = vendorKeyOf(env, instanceId);
  const gateway: GatewaySettings = {
    url: env.DNEVNIK_EMULATOR_GATEWAY_URL,
    instanceId,
    oidc: { clientSecret: env.DNEVNIK_EMULATOR_OIDC_SECRET ?? demoOidcClientSecret(instanceId) },
    ...(vendorKey ? { vendorKey: vendorKey.key } : {}),
  };
  return {
    options: { port, gateway },
    sources: {
      oidcSecret: env.DNEVNIK_EMULATOR_OIDC_SECRET ? 'environment' : 'demo',
      vendorKey: vendorKey?.source ?? null,
    },
  };
}
