import { startCopHmaoEmulator } from './cop-hmao/cop-emulator.server';
import { startDnevnikEmulator } from './dnevnik/dnevnik-emulator.server';
import { startSetevoyRegionEmulator } from './setevoy-region/setevoy-emulator.server';

/** The gateway a diary emulator calls (vendor API) with its instance's HMAC key. */
export interface DiaryEmulatorGateway {
  url: string;
  instanceId: string;
  keyId: string;
  secret: string;
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
}) => Promise<RunningDiaryEmulator>;

/**
 * The diary emulators by the adapter kind they stand in for: what `npm start` runs beside the gateway, so that
 * src/ starts them from config/instances.json without naming a vendor. A new vendor's emulator is a line here.
 */
export const diaryEmulators: Readonly<Record<string, Starter>> = {
  dnevnik: (o) => startDnevnikEmulator(o),
  'setevoy-region': (o) => startSetevoyRegionEmulator(o),
  'cop-hmao': (o) => startCopHmaoEmulator(o),
};
