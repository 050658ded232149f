import { demoOidcClientSecret } from '../shared/demo-oidc-credentials';
import {
  BROKEN_MODES,
  ELJUR_DEFAULTS,
  type BrokenMode,
  type EljurGatewaySettings,
} from './diary-api-emulator.options';
import { demoApiKeys, startEljurEmulator } from './diary-api-emulator.server';
import { runStandalone } from '../shared/standalone';

/**
 * Standalone reference diary (ЭлЖур-like, the published diary API): `npm run emulator:diary-api`. Environment:
 * ELJUR_EMULATOR_PORT (default 4104); ELJUR_EMULATOR_BROKEN_MODE (one of BROKEN_MODES, to watch the
 * conformance kit fail); for the ESIA buttons ELJUR_EMULATOR_GATEWAY_URL, ELJUR_EMULATOR_INSTANCE (default
 * eljur-39) and ELJUR_EMULATOR_OIDC_SECRET (the demo one of config/demo-vendor-credentials.json when unset).
 * The API accepts the instance's demo HMAC key of config/demo-vendor-credentials.json.
 */
async function main() {
  const env = process.env;
  const instanceId = env.ELJUR_EMULATOR_INSTANCE ?? ELJUR_DEFAULTS.instanceId;
  const broken = env.ELJUR_EMULATOR_BROKEN_MODE;
  if (broken && !(broken in BROKEN_MODES))
    throw new Error(`ELJUR_EMULATOR_BROKEN_MODE must be one of ${Object.keys(BROKEN_MODES).join(', ')}`);
  const gateway: EljurGatewaySettings | undefined = env.ELJUR_EMULATOR_GATEWAY_URL
    ? {
        url: env.ELJUR_EMULATOR_GATEWAY_URL,
        instanceId,
        oidc: { clientSecret: env.ELJUR_EMULATOR_OIDC_SECRET ?? demoOidcClientSecret(instanceId) },
      }
    : undefined;
  const keys = demoApiKeys(instanceId);
  const emulator = await startEljurEmulator({
    port: Number(env.ELJUR_EMULATOR_PORT ?? 4104),
    keys,
    ...(gateway ? { gateway } : {}),
    ...(broken ? { brokenMode: broken as BrokenMode } : {}),
  });
  process.stdout.write(
    `ЭлЖур-like reference diary (development only) listening on ${emulator.url}\n` +
      `  diary API: ${emulator.apiUrl} (HMAC, DEMO key ${keys.map((k) => k.keyId).join(', ') || 'none'})\n` +
      (broken ? `  BROKEN on purpose: ${broken} — ${BROKEN_MODES[broken as BrokenMode]}\n` : '') +
      `  sign in: ${emulator.url}/ (demo logins and passwords are on the page)\n` +
      (gateway
        ? `  gateway: ${gateway.url}, OpenID client ${gateway.instanceId}\n`
        : '  gateway: none (set ELJUR_EMULATOR_GATEWAY_URL for the ESIA buttons)\n'),
  );
  return emulator;
}

runStandalone('reference diary emulator', main);
