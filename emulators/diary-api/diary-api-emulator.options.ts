import type { DiaryOidcClient, DiaryOidcSettings } from '../shared/diary-oidc-client';
import type { EljurData } from './diary-api.fixture';
import type { EljurStore } from './diary-api.store';

/**
 * Deliberately broken behaviours, one at a time, for the conformance kit's own tests: each is a mistake a
 * vendor could make, and the kit must name the check it breaks.
 */
export const BROKEN_MODES = {
  'accepts-bad-signature': 'takes any X-ELG-Signature (the HMAC is not checked)',
  'accepts-replayed-nonce': 'does not remember nonces (a replayed request is answered again)',
  'no-idempotency': 'a repeated link notice answers 409, a repeated access request gets a new id',
  'wrong-error-shape': 'refusals as `{ "message": … }` instead of the error model',
  'missing-ability': 'declares snilsMatch but has no POST /school-records/search (404 from the web server)',
  'slow-answers': 'every API answer waits `slowMs` (3 s by default) before it is sent',
} as const;

/** A broken mode's name. */
export type BrokenMode = keyof typeof BROKEN_MODES;

/** The gateway this diary signs in and links through (its OpenID Provider), where it is the client `instanceId`. */
export interface EljurGatewaySettings {
  url: string;
  instanceId: string;
  oidc?: Pick<DiaryOidcSettings, 'clientSecret' | 'privateKey'>;
}

/** A key the API accepts from the gateway: the key id the operator issued and its secret. */
export interface EljurApiKey {
  keyId: string;
  secret: string;
}

/** How to start the emulator; every field has a working default. */
export interface EljurEmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Without it the diary works alone: the ESIA buttons say that no gateway is configured. */
  gateway?: EljurGatewaySettings;
  /** HMAC keys the API accepts (default: the demo key of config/demo-vendor-credentials.json for eljur-39). */
  keys?: EljurApiKey[];
  /**
   * Mutual TLS instead of HMAC: the server's certificate and key, and the CA whose client certificates it
   * accepts. The pages are then on https too.
   */
  tls?: { cert: string; key: string; clientCa: string };
  /** Path of the API below the base URL. */
  apiPath?: string;
  brokenMode?: BrokenMode;
  /** The delay of `slow-answers`. */
  slowMs?: number;
  clock?: { now(): Date };
  data?: EljurData;
}

/** Everything a route needs, built once at start. */
export interface EljurContext {
  url: string;
  gateway: EljurGatewaySettings | null;
  oidc: DiaryOidcClient | null;
  clock: { now(): Date };
  keys: EljurApiKey[];
  mtls: boolean;
  apiPath: string;
  brokenMode: BrokenMode | null;
  slowMs: number;
  store: EljurStore;
}

/** Defaults in one place. */
export const ELJUR_DEFAULTS = {
  host: '127.0.0.1',
  instanceId: 'eljur-39',
  apiPath: '/elg/v1',
  slowMs: 3000,
  /** Failed password checks per login before the check answers rate_limited. */
  maxFailedAttempts: 5,
  lockoutSeconds: 600,
};
