import { startCopHmaoEmulator } from './cop-emulator.server';
import { demoClientKeyFile, readClientKey } from './gateway.client';
import { runStandalone } from '../shared/standalone';

/**
 * Standalone ЦОП ХМАО-Югры emulator: `npm run emulator:cop-hmao`. Environment: COP_EMULATOR_PORT (4103),
 * COP_EMULATOR_GATEWAY_URL (http://127.0.0.1:3000), COP_EMULATOR_INSTANCE (cop-86, its client_id at the
 * gateway's OpenID Provider), COP_EMULATOR_OIDC_KEY_FILE and COP_EMULATOR_OIDC_KEY_ID (its private_key_jwt key,
 * PKCS#8 PEM, P-256, whose public half the gateway has in the instance's `jwks`; the demo key
 * emulators/fixtures/keys/cop-86-oidc-client.key.pem, kid cop-86-demo-2026, when unset).
 */
async function main() {
  const env = process.env;
  const demo = demoClientKeyFile();
  const keyFile = env.COP_EMULATOR_OIDC_KEY_FILE ?? demo.file;
  const kid = env.COP_EMULATOR_OIDC_KEY_ID ?? (env.COP_EMULATOR_OIDC_KEY_FILE ? '' : demo.kid);
  if (!kid) throw new Error('COP_EMULATOR_OIDC_KEY_ID must name the kid of COP_EMULATOR_OIDC_KEY_FILE');
  const emulator = await startCopHmaoEmulator({
    port: Number(env.COP_EMULATOR_PORT ?? 4103),
    ...(env.COP_EMULATOR_STATE_FILE ? { stateFile: env.COP_EMULATOR_STATE_FILE } : {}),
    gateway: {
      url: env.COP_EMULATOR_GATEWAY_URL ?? 'http://127.0.0.1:3000',
      instanceId: env.COP_EMULATOR_INSTANCE ?? 'cop-86',
      oidc: { privateKey: readClientKey(keyFile, kid) },
    },
  });
  console.log(
    `ЦОП ХМАО-Югры emulator (development only) listening on ${emulator.url}\n` +
      `  ЭлЖур API ${emulator.url}/apiv3 (demo devkey in emulators/fixtures/cop-hmao.json)\n` +
      `  diary-API extension ${emulator.url}/elg/v1 (HMAC key demo-cop-86)\n` +
      `  staff queue ${emulator.url}/staff/login (logins on the page)` +
      (env.COP_EMULATOR_OIDC_KEY_FILE
        ? ''
        : `\n  WARNING: DEMO client key ${demo.file} (kid ${demo.kid}) for private_key_jwt (COP_EMULATOR_OIDC_KEY_FILE unset)`),
  );
  return emulator;
}

runStandalone('ЦОП ХМАО-Югры emulator', main);
