import { startCopHmaoEmulator } from './cop-emulator.server';

/**
 * Standalone ЦОП ХМАО-Югры emulator: `npm run emulator:cop-hmao`. Environment: COP_EMULATOR_PORT (4103),
 * COP_EMULATOR_GATEWAY_URL (http://127.0.0.1:3000), COP_EMULATOR_INSTANCE (cop-86), COP_EMULATOR_KEY_ID and
 * COP_EMULATOR_KEY_SECRET (the instance's vendor-API key; development defaults below).
 */
async function main(): Promise<void> {
  const env = process.env;
  const emulator = await startCopHmaoEmulator({
    port: Number(env.COP_EMULATOR_PORT ?? 4103),
    gateway: {
      url: env.COP_EMULATOR_GATEWAY_URL ?? 'http://127.0.0.1:3000',
      instanceId: env.COP_EMULATOR_INSTANCE ?? 'cop-86',
      keyId: env.COP_EMULATOR_KEY_ID ?? 'cop-86-dev',
      secret: env.COP_EMULATOR_KEY_SECRET ?? 'cop-86-dev-secret-not-for-production',
    },
  });
  console.log(
    `ЦОП ХМАО-Югры emulator (development only) listening on ${emulator.url}\n` +
      `  integration API ${emulator.url}/api/integration/v1 (X-Api-Key: cop-86-demo-api-key)\n` +
      `  staff queue ${emulator.url}/staff/login (logins on the page)` +
      (env.COP_EMULATOR_KEY_SECRET
        ? ''
        : '\n  WARNING: development vendor-API key (COP_EMULATOR_KEY_SECRET unset)'),
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('ЦОП ХМАО-Югры emulator failed to start:', error);
  process.exit(1);
});
