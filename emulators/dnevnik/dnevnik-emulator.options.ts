import type { DiaryOidcClient, DiaryOidcSettings } from '../shared/diary-oidc-client';
import type { VendorKey } from '../shared/vendor-api.client';
import type { DnevnikData } from './dnevnik.fixture';
import type { DnevnikStore } from './dnevnik.store';

/**
 * The gateway this diary signs in and links through: its OpenID Provider (docs/sign-in-for-diaries.md), where
 * the instance is the client `instanceId`.
 */
export interface GatewaySettings {
  /** Base URL of the gateway, e.g. http://127.0.0.1:3000 (no trailing slash needed). */
  url: string;
  instanceId: string;
  /** The client's authentication at the provider (its secret, or its private key for private_key_jwt). */
  oidc?: Pick<DiaryOidcSettings, 'clientSecret' | 'privateKey'>;
  /**
   * The diary's key at the gateway's vendor API: with it, the diary's own password form asks the gateway's
   * password-login decision before letting anyone in (docs/vendor-api.md); without it, passwords are checked
   * here alone.
   */
  vendorKey?: VendorKey;
}

/** How to start the emulator; every field but `port` has a working default. */
export interface DnevnikEmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** The browser-facing address, when it is not http://host:port (the callback and post-logout address use it). */
  publicUrl?: string;
  /** Without it the diary works alone: the ESIA buttons explain that no gateway is configured. */
  gateway?: GatewaySettings;
  clock?: { now(): Date };
  /**
   * The applications that may use the password authorization (`bycredentials`): their clientId and
   * clientSecret. Дневник.ру registers a partner's application; the demo's is the gateway's demo one.
   */
  applications?: readonly DnevnikApplication[];
  /** The gateway's keys at the diary-API extension (HMAC key id and secret). */
  extensionKeys?: readonly ExtensionKey[];
  data?: DnevnikData;
  /** Failed password attempts per login before the check answers "too many attempts". */
  maxFailedAttempts?: number;
  /** How long failed attempts count, and so how long the lock-out lasts. */
  attemptWindowSeconds?: number;
}

/** Everything a route needs, built once at start. */
export interface DnevnikContext {
  /** Where the emulator listens, e.g. http://127.0.0.1:4101: the callback and post-logout address are built on it. */
  url: string;
  gateway: GatewaySettings | null;
  /** The diary as an OpenID client of the gateway; null without a gateway. */
  oidc: DiaryOidcClient | null;
  clock: { now(): Date };
  applications: readonly DnevnikApplication[];
  extensionKeys: readonly ExtensionKey[];
  store: DnevnikStore;
  maxFailedAttempts: number;
  attemptWindowSeconds: number;
}

/** An application registered at Дневник.ру (the `clientId`/`clientSecret` of its password authorization). */
export interface DnevnikApplication {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A key the extension accepts (the gateway's HMAC key id and secret). */
export interface ExtensionKey {
  readonly keyId: string;
  readonly secret: string;
}

/**
 * Defaults in one place. DEVELOPMENT ONLY: the demo application and extension key are the ones the gateway's
 * adapter uses while its credential variable is unset (adapters/dnevnik/dnevnik.config.ts, written twice on
 * purpose: an emulator imports nothing of the gateway).
 */
export const DNEVNIK_DEFAULTS = {
  host: '127.0.0.1',
  applications: [
    { clientId: 'elg-dnevnik-demo-client', clientSecret: 'dnevnik-demo-client-secret-0000000000' },
  ] as readonly DnevnikApplication[],
  extensionKeys: [
    { keyId: 'elg-dnevnik-demo', secret: 'dnevnik-demo-extension-secret-00000000000000' },
  ] as readonly ExtensionKey[],
  /** Where the extension is served: the published diary API's default path. */
  extensionPath: '/elg/v1',
  maxFailedAttempts: 5,
  attemptWindowSeconds: 900,
};
