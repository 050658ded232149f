import { demoOidcClientSecret } from '../shared/demo-oidc-credentials';
import { startSetevoyRegionEmulator } from './setevoy-emulator.server';
import { DEFAULTS } from './setevoy-emulator.options';
import { runStandalone } from '../shared/standalone';

/**
 * Standalone emulator: `npm run emulator:setevoy-region`. Environment: SETEVOY_EMULATOR_PORT (default 4102),
 * SETEVOY_EMULATOR_STATE_FILE (where link marks survive a restart), SETEVOY_EMULATOR_ESIA_ONLY=1 (a host
 * without password login), and for «Войти через Госуслуги» and linking SETEVOY_EMULATOR_GATEWAY_URL
 * with SETEVOY_EMULATOR_INSTANCE (default setevoy-38, its client_id at the gateway's OpenID Provider) and
 * SETEVOY_EMULATOR_OIDC_SECRET (its client secret; the demo one of config/demo-vendor-credentials.json when
 * unset, which the gateway also uses while SETEVOY_38_OIDC_SECRET is unset).
 */
async function main() {
  const env = process.env;
  const gatewayUrl = env.SETEVOY_EMULATOR_GATEWAY_URL;
  const instanceId = env.SETEVOY_EMULATOR_INSTANCE ?? 'setevoy-38';
  const clientSecret = env.SETEVOY_EMULATOR_OIDC_SECRET ?? demoOidcClientSecret(instanceId);
  const emulator = await startSetevoyRegionEmulator({
    port: Number(env.SETEVOY_EMULATOR_PORT ?? 4102),
    ...(gatewayUrl ? { gateway: { url: gatewayUrl, instanceId, oidc: { clientSecret } } } : {}),
    ...(env.SETEVOY_EMULATOR_STATE_FILE ? { stateFile: env.SETEVOY_EMULATOR_STATE_FILE } : {}),
    passwordLoginDisabled: env.SETEVOY_EMULATOR_ESIA_ONLY === '1',
  });
  const secret = env.SETEVOY_EMULATOR_OIDC_SECRET
    ? 'from SETEVOY_EMULATOR_OIDC_SECRET'
    : 'DEMO DEFAULT of config/demo-vendor-credentials.json (SETEVOY_EMULATOR_OIDC_SECRET is unset)';
  console.log(
    `«Сетевой Регион. Образование» emulator (development only) listening on ${emulator.url}\n` +
      (gatewayUrl
        ? `  gateway: ${gatewayUrl}, OpenID client ${instanceId}, client secret ${secret}\n`
        : '  gateway: not configured (SETEVOY_EMULATOR_GATEWAY_URL): «Войти через Госуслуги» and linking are off\n') +
      `  diary-API extension: ${DEFAULTS.extensionPath}, HMAC with the demo key of setevoy-38 (config/demo-vendor-credentials.json)\n` +
      `  demo users and passwords are listed on the sign-in page`,
  );
  return emulator;
}

runStandalone('«Сетевой Регион» emulator', main);
