import { startEsiaEmulator } from './esia-emulator.server';
import type { TokenAlg } from './crypto/signing-key.ring';
import { runStandalone } from '../shared/standalone';

/**
 * Standalone ESIA emulator: `npm run emulator:esia`. Environment: ESIA_EMULATOR_PORT (default 7010),
 * ESIA_EMULATOR_REDIRECT_URIS (comma-separated; the demo client's registered addresses),
 * ESIA_EMULATOR_ISSUER, ESIA_EMULATOR_ALG (GOST3410_2012_256 or RS256), ESIA_EMULATOR_GOST (auto, engine, js).
 */
async function main() {
  const env = process.env;
  const emulator = await startEsiaEmulator({
    port: Number(env.ESIA_EMULATOR_PORT ?? 7010),
    redirectUris: (env.ESIA_EMULATOR_REDIRECT_URIS ?? 'http://localhost:3000/auth/esia/callback')
      .split(',')
      .map((uri) => uri.trim())
      .filter(Boolean),
    ...(env.ESIA_EMULATOR_ISSUER ? { issuer: env.ESIA_EMULATOR_ISSUER } : {}),
    ...(env.ESIA_EMULATOR_ALG ? { signingAlg: env.ESIA_EMULATOR_ALG as TokenAlg } : {}),
    ...(env.ESIA_EMULATOR_GOST ? { gostBackend: env.ESIA_EMULATOR_GOST as 'auto' | 'engine' | 'js' } : {}),
  });
  process.stdout.write(
    `ESIA emulator (development only) listening on ${emulator.url}\n` +
      `  GOST: ${emulator.gostBackend}${emulator.gostBackend === 'node-gost-crypto' ? ' (pure-JS fallback: gost-engine not loaded)' : ''}\n` +
      `  client ELG_DEMO, certificate config/dev-keys/client.crt.pem\n` +
      `  faults: ${emulator.url}/__emulator/faults\n`,
  );
  return emulator;
}

runStandalone('ESIA emulator', main);
