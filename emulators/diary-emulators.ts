import { join } from 'node:path';
import { startCopHmaoEmulator } from './cop-hmao/cop-emulator.server';
import { demoClientKeyFile, readClientKey } from './cop-hmao/gateway.client';
import { startEljurEmulator } from './diary-api/diary-api-emulator.server';
import { startDnevnikEmulator } from './dnevnik/dnevnik-emulator.server';
import { demoOidcClientSecret } from './shared/demo-oidc-credentials';
import type { VendorKey } from './shared/vendor-api.client';
import { startSetevoyRegionEmulator } from './setevoy-region/setevoy-emulator.server';

/** The gateway a diary emulator signs in and links through, and the diary instance (its client_id) there. */
export interface DiaryEmulatorGateway {
  url: string;
  instanceId: string;
  /** The instance's vendor API key: a diary with a password form asks the gateway's decision with it. */
  vendorKey?: VendorKey;
}

/** What the demo needs of any running diary emulator. */
export interface RunningDiaryEmulator {
  url: string;
  close(): Promise<void>;
}

type Starter = (options: {
  host: string;
  port: number;
  gateway: DiaryEmulatorGateway;
  /** A folder where an emulator that has a database keeps it between restarts (npm start: .data/emulators). */
  stateDir?: string;
}) => Promise<RunningDiaryEmulator>;

/** DEVELOPMENT ONLY: the demo client secret the gateway registers for the instance (client_secret_basic). */
const demoSecret = ({ url, instanceId, vendorKey }: DiaryEmulatorGateway) => ({
  url,
  instanceId,
  oidc: { clientSecret: demoOidcClientSecret(instanceId) },
  ...(vendorKey ? { vendorKey } : {}),
});

/** DEVELOPMENT ONLY: ЦОП's demo private key, whose public half the gateway has (private_key_jwt). */
const demoKey = ({ url, instanceId }: DiaryEmulatorGateway) => {
  const { file, kid } = demoClientKeyFile();
  return { url, instanceId, oidc: { privateKey: readClientKey(file, kid) } };
};

/**
 * The diary emulators by the adapter kind they stand in for: what `npm start` runs beside the gateway, so that
 * src/ starts them from config/instances.json without naming a vendor. Each is an OpenID client of the gateway
 * with the demo credential its registration in config/instances.json expects. A new vendor's emulator is a line
 * here.
 */
export const diaryEmulators: Readonly<Record<string, Starter>> = {
  dnevnik: (o) => startDnevnikEmulator({ ...o, gateway: demoSecret(o.gateway) }),
  'setevoy-region': ({ stateDir, ...o }) =>
    startSetevoyRegionEmulator({
      ...o,
      gateway: demoSecret(o.gateway),
      // Its link marks are its database: they outlive a restart of the demo, as the gateway's links do.
      ...(stateDir ? { stateFile: join(stateDir, `${o.gateway.instanceId}.json`) } : {}),
    }),
  'cop-hmao': ({ stateDir, ...o }) =>
    startCopHmaoEmulator({
      ...o,
      gateway: demoKey(o.gateway),
      ...(stateDir ? { stateFile: join(stateDir, `${o.gateway.instanceId}.json`) } : {}),
    }),
  // Any diary of the published diary API: the ЭлЖур-like reference diary stands in for them.
  'diary-api': (o) => startEljurEmulator({ ...o, gateway: demoSecret(o.gateway) }),
};
