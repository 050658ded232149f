import { readFileSync } from 'node:fs';
import { repoFile } from '../fixtures/fixture-paths';
import { loadPersonas, type Persona } from '../fixtures/personas.fixture';
import { readGostCertificate, type GostCertificate } from './crypto/gost-keys';
import type { GostBackendChoice, GostProvider } from './crypto/gost.provider';
import type { SigningKeyRing, TokenAlg } from './crypto/signing-key.ring';
import type { EsiaFaults } from './esia-faults';
import { DEFAULT_APPROVED_SCOPES } from './scopes.catalog';
import type { EmulatorStore } from './state/emulator.store';

/** A system registered in the emulated ESIA (the technological portal's card of an information system). */
export interface EsiaClientRegistration {
  clientId: string;
  /** Certificates (PEM) registered for the client; `client_certificate_hash` must name one of them. */
  certificatesPem: string[];
  redirectUris: string[];
  approvedScopes?: string[];
  /** Name on the consent page. */
  displayName?: string;
  tokenAlg?: TokenAlg;
  /** Refuse unconfirmed accounts with ESIA-007055. */
  requireConfirmedAccount?: boolean;
}

/** How to start the emulator; every field has a working default. */
export interface EsiaEmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  clock?: { now(): Date };
  /** `iss` of every token; ESIA's own is `http://esia.gosuslugi.ru/` (http, trailing slash). */
  issuer?: string;
  /** Redirect URIs of the default demo client `ELG_DEMO` (ignored when `clients` is given). */
  redirectUris?: string[];
  clients?: EsiaClientRegistration[];
  /** Token algorithm for clients that do not choose one. */
  signingAlg?: TokenAlg;
  gostBackend?: GostBackendChoice;
  codeTtlSeconds?: number;
  accessTokenTtlSeconds?: number;
  timestampToleranceSeconds?: number;
  personas?: Persona[];
}

/** A registered client with its certificates parsed and hashed. */
export interface RegisteredClient extends Required<Omit<EsiaClientRegistration, 'certificatesPem'>> {
  certificates: Array<GostCertificate & { hash: string }>;
}

/** Everything a route needs, built once at start. */
export interface EmulatorContext {
  clock: { now(): Date };
  issuer: string;
  clients: Map<string, RegisteredClient>;
  personas: Persona[];
  gost: GostProvider;
  rings: Record<TokenAlg, SigningKeyRing>;
  faults: EsiaFaults;
  store: EmulatorStore;
  codeTtlSeconds: number;
  accessTokenTtlSeconds: number;
  timestampToleranceSeconds: number;
}

/** The gateway's demo client: config/dev-keys/client.crt.pem, client id ELG_DEMO. */
export function demoClient(redirectUris: string[]): EsiaClientRegistration {
  return {
    clientId: 'ELG_DEMO',
    certificatesPem: [readFileSync(repoFile('config', 'dev-keys', 'client.crt.pem'), 'utf8')],
    redirectUris,
    displayName: 'Электронный дневник (ESIA Link Gateway, демо)',
  };
}

/** Parses and hashes a client's certificates (uppercase hex Streebog-256 of the DER, as ESIA expects). */
export function registerClient(
  client: EsiaClientRegistration,
  gost: GostProvider,
  defaultAlg: TokenAlg,
): RegisteredClient {
  return {
    clientId: client.clientId,
    redirectUris: client.redirectUris,
    approvedScopes: client.approvedScopes ?? DEFAULT_APPROVED_SCOPES,
    displayName: client.displayName ?? client.clientId,
    tokenAlg: client.tokenAlg ?? defaultAlg,
    requireConfirmedAccount: client.requireConfirmedAccount ?? false,
    certificates: client.certificatesPem.map((pem) => {
      const certificate = readGostCertificate(pem);
      return { ...certificate, hash: gost.digest(certificate.der).toString('hex').toUpperCase() };
    }),
  };
}

/** Defaults in one place. */
export const DEFAULTS = {
  host: '127.0.0.1',
  issuer: 'http://esia.gosuslugi.ru/',
  signingAlg: 'GOST3410_2012_256' as TokenAlg,
  codeTtlSeconds: 300,
  accessTokenTtlSeconds: 3600,
  timestampToleranceSeconds: 300,
  personas: (): Persona[] => loadPersonas(),
};
