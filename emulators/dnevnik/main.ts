import { demoOidcClientSecret } from '../shared/demo-oidc-credentials';
import { startDnevnikEmulator } from './dnevnik-emulator.server';
import { DNEVNIK_DEFAULTS, type GatewaySettings } from './dnevnik-emulator.options';

/**
 * Standalone Дневник.ру emulator: `npm run emulator:dnevnik`. Environment: DNEVNIK_EMULATOR_PORT (default 4101),
 * DNEVNIK_86_CREDENTIALS (the service token the API accepts; a demo default when unset), and for the ESIA
 * buttons DNEVNIK_EMULATOR_GATEWAY_URL, DNEVNIK_EMULATOR_INSTANCE (default dnevnik-86, its client_id at the
 * gateway's OpenID Provider) and DNEVNIK_EMULATOR_OIDC_SECRET (its client secret; the demo one of
 * config/demo-vendor-credentials.json when unset, which the gateway also uses while DNEVNIK_86_OIDC_SECRET is
 * unset).
 */
async function main(): Promise<void> {
  const env = process.env;
  const instanceId = env.DNEVNIK_EMULATOR_INSTANCE ?? 'dnevnik-86';
  const gateway: GatewaySettings | undefined = env.DNEVNIK_EMULATOR_GATEWAY_URL
    ? {
        url: env.DNEVNIK_EMULATOR_GATEWAY_URL,
        instanceId,
        oidc: { clientSecret: env.DNEVNIK_EMULATOR_OIDC_SECRET ?? demoOidcClientSecret(instanceId) },
      }
    : undefined;
  const emulator = await startDnevnikEmulator({
    port: Number(env.DNEVNIK_EMULATOR_PORT ?? 4101),
    ...(gateway ? { gateway } : {}),
    ...(env.DNEVNIK_86_CREDENTIALS ? { accessToken: env.DNEVNIK_86_CREDENTIALS } : {}),
  });
  const secret = env.DNEVNIK_EMULATOR_OIDC_SECRET
    ? 'from DNEVNIK_EMULATOR_OIDC_SECRET'
    : 'DEMO DEFAULT of config/demo-vendor-credentials.json (DNEVNIK_EMULATOR_OIDC_SECRET is unset)';
  process.stdout.write(
    `Дневник.ру emulator (development only) listening on ${emulator.url}\n` +
      `  sign in: ${emulator.url}/login (demo logins and passwords are on the page)\n` +
      (env.DNEVNIK_86_CREDENTIALS
        ? '  API Access-Token: from DNEVNIK_86_CREDENTIALS\n'
        : `  API Access-Token: DEMO DEFAULT "${DNEVNIK_DEFAULTS.accessToken}" (DNEVNIK_86_CREDENTIALS is unset)\n`) +
      (gateway
        ? `  gateway: ${gateway.url}, OpenID client ${gateway.instanceId}, client secret ${secret}\n`
        : '  gateway: none (set DNEVNIK_EMULATOR_GATEWAY_URL for the ESIA buttons)\n'),
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('Дневник.ру emulator failed to start:', error);
  process.exit(1);
});
