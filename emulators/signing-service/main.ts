import fs from 'node:fs';
import path from 'node:path';
import { startSigningService } from './signing-service';

/**
 * Standalone start of the reference signing service (development and demo only):
 *   SIGNING_SERVICE_PORT (8790), SIGNING_SERVICE_HOST (127.0.0.1),
 *   SIGNING_SERVICE_CLIENTS ("client:secret,other:secret"; required),
 *   SIGNING_SERVICE_KEY_ID (esia-client), SIGNING_SERVICE_KEY_FILE / SIGNING_SERVICE_CERT_FILE (the dev key pair).
 */
async function main(): Promise<void> {
  const env = process.env;
  const clients = Object.fromEntries(
    (env.SIGNING_SERVICE_CLIENTS ?? '')
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)] as const),
  );
  if (
    Object.keys(clients).length === 0 ||
    Object.entries(clients).some(([id, secret]) => !id || secret.length < 32)
  ) {
    process.stderr.write(
      'SIGNING_SERVICE_CLIENTS: expected "client:secret" pairs with secrets of 32 characters or more\n',
    );
    process.exit(2);
  }
  const devKeys = path.join(__dirname, '..', '..', '..', 'config', 'dev-keys');
  const keyFile = env.SIGNING_SERVICE_KEY_FILE ?? path.join(devKeys, 'client.key.pem');
  const certFile = env.SIGNING_SERVICE_CERT_FILE ?? path.join(devKeys, 'client.crt.pem');
  const service = await startSigningService({
    port: Number(env.SIGNING_SERVICE_PORT ?? 8790),
    host: env.SIGNING_SERVICE_HOST ?? '127.0.0.1',
    clients,
    keys: {
      [env.SIGNING_SERVICE_KEY_ID ?? 'esia-client']: {
        keyPem: fs.readFileSync(keyFile, 'utf8'),
        certificatePem: fs.readFileSync(certFile, 'utf8'),
      },
    },
  });
  process.stdout.write(`reference signing service listening on ${service.url}\n`);
  const stop = () => void service.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`signing service failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
