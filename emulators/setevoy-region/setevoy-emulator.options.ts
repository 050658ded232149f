import { loadPersonas, type Persona } from '../fixtures/personas.fixture';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { demoVendorKey } from '../shared/demo-oidc-credentials';
import type { DiaryOidcClient } from '../shared/diary-oidc-client';
import type { GatewaySettings } from './gateway/gateway.client';
import { SetevoyDirectory } from './setevoy.directory';
import { loadSetevoyFixture, type SetevoyFixture } from './setevoy.fixture';
import { LoginAttempts } from './state/login-attempts';
import { SetevoyStore, type SavedSetevoyState } from './state/setevoy.store';

/** How to start the emulator; every field has a working default. */
export interface SetevoyEmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** The gateway whose OpenID Provider this diary signs in and links through; without it those buttons explain. */
  gateway?: GatewaySettings;
  clock?: { now(): Date };
  /**
   * The diary-API extension this installation deploys (docs/diary-api.openapi.json, below `apiPath`): the HMAC
   * keys it accepts from the gateway. Default: the demo key of config/demo-vendor-credentials.json for
   * setevoy-38, which the adapter also signs with while SETEVOY_38_CREDENTIALS is unset.
   */
  extension?: { apiPath?: string; keys?: Array<{ keyId: string; secret: string }> };
  /**
   * An installation that signs in through Госуслуги only: `auth/getdata` hands out no salt, and `login` refuses
   * a password (what the public clients meet on such hosts).
   */
  passwordLoginDisabled?: boolean;
  /** Where the link marks and the link notices taken are kept between restarts (npm start: .data/emulators). */
  stateFile?: string;
  fixture?: SetevoyFixture;
  personas?: Persona[];
  /** How long a getdata challenge (lt, ver, salt) stays usable. */
  challengeTtlSeconds?: number;
}

/** Everything a route needs, built once at start. */
export interface SetevoyContext {
  clock: { now(): Date };
  directory: SetevoyDirectory;
  store: SetevoyStore;
  attempts: LoginAttempts;
  gateway: GatewaySettings | null;
  /** The diary as an OpenID client of the gateway; null without a gateway (set once the emulator listens). */
  oidc: DiaryOidcClient | null;
  extension: { apiPath: string; keys: Array<{ keyId: string; secret: string }> };
  passwordLoginDisabled: boolean;
  challengeTtlMs: number;
  /** The emulator's own address, known once it listens (the callback and the post-logout address use it). */
  baseUrl: () => string;
}

/** Defaults in one place. */
export const DEFAULTS = {
  host: '127.0.0.1',
  /** Where the diary-API extension is below the base URL (the diary API's own default). */
  extensionPath: '/elg/v1',
  challengeTtlSeconds: 300,
  productName: 'Сетевой Регион. Образование',
};

/** Builds the routes' context from the options. */
export function buildContext(options: SetevoyEmulatorOptions, baseUrl: () => string): SetevoyContext {
  const clock = options.clock ?? { now: () => new Date() };
  const { stateFile } = options;
  const saved = stateFile ? readState(stateFile) : undefined;
  const store: SetevoyStore = new SetevoyStore(saved, () => {
    if (stateFile) writeState(stateFile, store.saved());
  });
  return {
    clock,
    directory: new SetevoyDirectory(
      options.fixture ?? loadSetevoyFixture(),
      options.personas ?? loadPersonas(),
    ),
    store,
    attempts: new LoginAttempts(),
    gateway: options.gateway ?? null,
    oidc: null,
    extension: {
      apiPath: options.extension?.apiPath ?? DEFAULTS.extensionPath,
      keys: options.extension?.keys ?? [demoVendorKey('setevoy-38')].filter((k) => k !== undefined),
    },
    passwordLoginDisabled: options.passwordLoginDisabled ?? false,
    challengeTtlMs: (options.challengeTtlSeconds ?? DEFAULTS.challengeTtlSeconds) * 1000,
    baseUrl,
  };
}

function readState(file: string): SavedSetevoyState | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as SavedSetevoyState;
}

/** Written whole, to a temporary file renamed over the old one: a crash never leaves half a file. */
function writeState(file: string, state: SavedSetevoyState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}
