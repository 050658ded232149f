import { startSetevoyRegionEmulator } from './setevoy-emulator.server';
import { DEFAULTS } from './setevoy-emulator.options';

/**
 * Standalone emulator: `npm run emulator:setevoy-region`. Environment: SETEVOY_EMULATOR_PORT (default 4102),
 * SETEVOY_EMULATOR_GATEWAY_URL with SETEVOY_EMULATOR_INSTANCE (default setevoy-38), SETEVOY_EMULATOR_KEY_ID
 * and SETEVOY_EMULATOR_SECRET (the vendor-API key the gateway issued), SETEVOY_EMULATOR_INTEGRATION_TOKEN.
 */
async function main(): Promise<void> {
  const env = process.env;
  const gatewayUrl = env.SETEVOY_EMULATOR_GATEWAY_URL;
  const emulator = await startSetevoyRegionEmulator({
    port: Number(env.SETEVOY_EMULATOR_PORT ?? 4102),
    ...(gatewayUrl && env.SETEVOY_EMULATOR_KEY_ID && env.SETEVOY_EMULATOR_SECRET
      ? {
          gateway: {
            url: gatewayUrl,
            instanceId: env.SETEVOY_EMULATOR_INSTANCE ?? 'setevoy-38',
            keyId: env.SETEVOY_EMULATOR_KEY_ID,
            secret: env.SETEVOY_EMULATOR_SECRET,
          },
        }
      : {}),
    ...(env.SETEVOY_EMULATOR_INTEGRATION_TOKEN
      ? { integrationToken: env.SETEVOY_EMULATOR_INTEGRATION_TOKEN }
      : {}),
  });
  const token = env.SETEVOY_EMULATOR_INTEGRATION_TOKEN
    ? '(from SETEVOY_EMULATOR_INTEGRATION_TOKEN)'
    : `${DEFAULTS.integrationToken} (demo default)`;
  console.log(
    `«Сетевой Регион. Образование» emulator (development only) listening on ${emulator.url}\n` +
      `  gateway: ${gatewayUrl ?? 'not configured: «Войти через Госуслуги» and linking are off'}\n` +
      `  integration API token: ${token}\n` +
      `  demo users and passwords are listed on the sign-in page`,
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('«Сетевой Регион» emulator failed to start:', error);
  process.exit(1);
});
