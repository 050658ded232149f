import { loadPersonas, type Persona } from '../fixtures/personas.fixture';
import type { DiaryOidcClient } from '../shared/diary-oidc-client';
import type { GatewaySettings } from './gateway/gateway.client';
import { SetevoyDirectory } from './setevoy.directory';
import { loadSetevoyFixture, type SetevoyFixture } from './setevoy.fixture';
import { LoginAttempts } from './state/login-attempts';
import { SetevoyStore } from './state/setevoy.store';

/** How to start the emulator; every field has a working default. */
export interface SetevoyEmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** The gateway whose OpenID Provider this diary signs in and links through; without it those buttons explain. */
  gateway?: GatewaySettings;
  clock?: { now(): Date };
  /** The service credential the integration API accepts (`Authorization: Bearer …`). */
  integrationToken?: string;
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
  integrationToken: string;
  challengeTtlMs: number;
  /** The emulator's own address, known once it listens (the callback and the post-logout address use it). */
  baseUrl: () => string;
}

/** Defaults in one place. */
export const DEFAULTS = {
  host: '127.0.0.1',
  /** Demo only: the adapter uses the same value when SETEVOY_38_CREDENTIALS is unset. */
  integrationToken: 'setevoy-38-demo-integration-token',
  challengeTtlSeconds: 300,
  productName: 'Сетевой Регион. Образование',
};

/** Builds the routes' context from the options. */
export function buildContext(options: SetevoyEmulatorOptions, baseUrl: () => string): SetevoyContext {
  const clock = options.clock ?? { now: () => new Date() };
  return {
    clock,
    directory: new SetevoyDirectory(
      options.fixture ?? loadSetevoyFixture(),
      options.personas ?? loadPersonas(),
    ),
    store: new SetevoyStore(),
    attempts: new LoginAttempts(),
    gateway: options.gateway ?? null,
    oidc: null,
    integrationToken: options.integrationToken ?? DEFAULTS.integrationToken,
    challengeTtlMs: (options.challengeTtlSeconds ?? DEFAULTS.challengeTtlSeconds) * 1000,
    baseUrl,
  };
}
