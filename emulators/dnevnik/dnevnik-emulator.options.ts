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
  /** The service token the API accepts in `Access-Token` (the gateway's DNEVNIK_86_CREDENTIALS). */
  accessToken?: string;
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
  accessToken: string;
  store: DnevnikStore;
  maxFailedAttempts: number;
  attemptWindowSeconds: number;
}

/** Defaults in one place. The access token is a demo value: the real one comes from the environment. */
export const DNEVNIK_DEFAULTS = {
  host: '127.0.0.1',
  accessToken: 'dnevnik-demo-access-token',
  maxFailedAttempts: 5,
  attemptWindowSeconds: 900,
};
