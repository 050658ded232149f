import { startDnevnikEmulator } from './dnevnik-emulator.server';
import { standaloneOptions } from './standalone.settings';
import { runStandalone } from '../shared/standalone';

/**
 * Standalone Дневник.ру emulator: `npm run emulator:dnevnik`. Environment: DNEVNIK_EMULATOR_PORT (default 4101),
 * and for the ESIA buttons and the password decision DNEVNIK_EMULATOR_GATEWAY_URL, DNEVNIK_EMULATOR_INSTANCE
 * (default dnevnik-86, its client_id at the gateway's OpenID Provider), DNEVNIK_EMULATOR_OIDC_SECRET (its client
 * secret) and DNEVNIK_EMULATOR_VENDOR_KEY_ID with DNEVNIK_EMULATOR_VENDOR_SECRET (its vendor API key, with which
 * the password form asks the gateway's decision). Unset, the last three are the demo ones of
 * config/demo-vendor-credentials.json, which the gateway also uses outside production.
 */
async function main() {
  const { options, sources } = standaloneOptions(process.env);
  const emulator = await startDnevnikEmulator(options);
  const from = (source: 'environment' | 'demo') =>
    source === 'environment' ? 'from the environment' : 'DEMO DEFAULT of config/demo-vendor-credentials.json';
  const gateway = options.gateway;
  process.stdout.write(
    `Дневник.ру emulator (development only) listening on ${emulator.url}\n` +
      `  sign in: ${emulator.url}/login (demo logins and passwords are on the page)\n` +
      (gateway && sources
        ? `  gateway: ${gateway.url}, OpenID client ${gateway.instanceId}, client secret ${from(sources.oidcSecret)}\n` +
          (sources.vendorKey
            ? `  password decision: asked of the gateway with vendor key ${gateway.vendorKey!.keyId} (${from(sources.vendorKey)})\n`
            : '  password decision: NOT asked (no vendor key for this instance): the password form lets in every right password\n')
        : '  gateway: none (set DNEVNIK_EMULATOR_GATEWAY_URL for the ESIA buttons and the password decision)\n'),
  );
  return emulator;
}

runStandalone('Дневник.ру emulator', main);
