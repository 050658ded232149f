/**
 * The one contract every GOST signer keeps. ESIA's v2/v3 `client_secret` is the base64url of the raw 64-byte
 * GOST R 34.10-2012/256 signature in OpenSSL's byte order (s‖r, each big-endian), and `client_certificate_hash`
 * is the uppercase hex Streebog-256 of the certificate's DER: those two facts are all ESIA asks of a signer.
 */
export interface Signer {
  /** Signs `data` (Streebog-256 inside); resolves to 64 bytes in OpenSSL's byte order. */
  sign(data: Buffer): Promise<Buffer>;
  /** Uppercase hex Streebog-256 of the client certificate's DER, as ESIA's `client_certificate_hash` wants. */
  certificateHash(): string;
  /** What the start-up line says: which signer, which certificate, and whether it is fit for production. */
  describe(): SignerDescription;
  /** Releases what the signer holds (sockets, timers). Safe to call twice. */
  close(): Promise<void>;
}

/** The kinds `createSigner` knows; `auto` means the engine when it is loaded, else the JavaScript fallback. */
export type SignerKind = 'engine' | 'openssl-cli' | 'remote' | 'js';

/** One line for operators at start, and the facts a benchmark prints beside its numbers. */
export interface SignerDescription {
  readonly kind: SignerKind;
  /** Human-readable; says loudly when the signer is for development only. */
  readonly summary: string;
  /** False for the pure-JavaScript fallback: production must not run on it. */
  readonly productionReady: boolean;
  readonly certificateSubject: string;
  readonly certificateNotAfter: Date;
  readonly certificateHash: string;
}

/** Wire byte orders of a raw GOST R 34.10-2012 signature: OpenSSL's (s‖r big-endian) or its full reverse (CryptoPro). */
export type GostSignatureByteOrder = 'openssl' | 'cryptopro';
