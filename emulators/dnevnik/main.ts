import { startDnevnikEmulator } from './dnevnik-emulator.server';
import { DNEVNIK_DEFAULTS, type GatewaySettings } from './dnevnik-emulator.options';

/**
 * Standalone Дневник.ру emulator: `npm run emulator:dnevnik`. Environment: DNEVNIK_EMULATOR_PORT (default 4101),
 * DNEVNIK_86_CREDENTIALS (the service token the API accepts; a demo default when unset), and for the ESIA
 * buttons DNEVNIK_EMULATOR_GATEWAY_URL, DNEVNIK_EMULATOR_INSTANCE (default dnevnik-86),
 * DNEVNIK_EMULATOR_KEY_ID and DNEVNIK_EMULATOR_SECRET (the instance's vendor-API key).
 */
async function main(): Promise<void> {
  const env = process.env;
  const gateway: GatewaySettings | undefined = env.DNEVNIK_EMULATOR_GATEWAY_URL
    ? {
        url: env.DNEVNIK_EMULATOR_GATEWAY_URL,
        instanceId: env.DNEVNIK_EMULATOR_INSTANCE ?? 'dnevnik-86',
        keyId: env.DNEVNIK_EMULATOR_KEY_ID ?? '',
        secret: env.DNEVNIK_EMULATOR_SECRET ?? '',
      }
    : undefined;
  const emulator = await startDnevnikEmulator({
    port: Number(env.DNEVNIK_EMULATOR_PORT ?? 4101),
    ...(gateway ? { gateway } : {}),
    ...(env.DNEVNIK_86_CREDENTIALS ? { accessToken: env.DNEVNIK_86_CREDENTIALS } : {}),
  });
  process.stdout.write(
    `Дневник.ру emulator (development only) listening on ${emulator.url}\n` +
      `  sign in: ${emulator.url}/login (demo logins and passwords are on the page)\n` +
      (env.DNEVNIK_86_CREDENTIALS
        ? '  API Access-Token: from DNEVNIK_86_CREDENTIALS\n'
        : `  API Access-Token: DEMO DEFAULT "${DNEVNIK_DEFAULTS.accessToken}" (DNEVNIK_86_CREDENTIALS is unset)\n`) +
      (gateway
        ? `  gateway: ${gateway.url} as instance ${gateway.instanceId}\n`
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
