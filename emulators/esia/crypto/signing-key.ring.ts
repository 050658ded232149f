import {
  createHash,
  createPrivateKey,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoFile } from '../../fixtures/fixture-paths';
import { pemToDer } from './der.reader';
import { readGostCertificate, readGostPrivateKey } from './gost-keys';
import type { GostProvider } from './gost.provider';

/** The JWT algorithms ESIA signs tokens with (chosen per client). */
export type TokenAlg = 'GOST3410_2012_256' | 'RS256';

/** One key the emulator signs tokens with; `kid` is the lowercase hex SHA-256 of its certificate's DER. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: TokenAlg;
  readonly certificatePem: string;
  sign(data: Buffer): Buffer;
  verify(data: Buffer, signature: Buffer): boolean;
}

/** The committed development key pairs, oldest first: rotation walks this list. */
const KEY_FILES: Record<TokenAlg, string[]> = {
  GOST3410_2012_256: ['esia-gost-2026', 'esia-gost-2027', 'esia-gost-2028'],
  RS256: ['esia-rsa-2026', 'esia-rsa-2027'],
};
const KEYS_DIR = repoFile('emulators', 'fixtures', 'keys');

function loadKey(alg: TokenAlg, name: string, gost: GostProvider): SigningKey {
  const keyPem = readFileSync(join(KEYS_DIR, `${name}.key.pem`), 'utf8');
  const certificatePem = readFileSync(join(KEYS_DIR, `${name}.crt.pem`), 'utf8');
  const kid = createHash('sha256').update(pemToDer(certificatePem, 'CERTIFICATE')).digest('hex');
  if (alg === 'GOST3410_2012_256') {
    const privateKey = readGostPrivateKey(keyPem);
    const { publicKey } = readGostCertificate(certificatePem);
    return {
      kid,
      alg,
      certificatePem,
      sign: (data) => gost.sign(privateKey, data),
      verify: (data, signature) => gost.verify(publicKey, data, signature),
    };
  }
  // DER, not PEM: once gost-engine has served a digest, OpenSSL 3's PEM decoder refuses RSA PKCS#8 keys
  // ("unsupported") while the DER path keeps working.
  const privateKey: KeyObject = createPrivateKey({
    key: pemToDer(keyPem, 'PRIVATE KEY'),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    kid,
    alg,
    certificatePem,
    sign: (data) => nodeSign('sha256', data, privateKey),
    verify: (data, signature) => nodeVerify('sha256', data, certificatePem, signature),
  };
}

/**
 * The keys of one algorithm: one active, the ones used before it (tokens they signed stay verifiable), and the
 * ones to come. Rotation past the last committed key starts over at the first: enough for an emulator.
 */
export class SigningKeyRing {
  private readonly keys: SigningKey[];
  private activeIndex = 0;
  private readonly used = new Set<number>([0]);

  constructor(
    readonly alg: TokenAlg,
    gost: GostProvider,
  ) {
    this.keys = KEY_FILES[alg].map((name) => loadKey(alg, name, gost));
  }

  get active(): SigningKey {
    return this.keys[this.activeIndex]!;
  }

  /** Makes the next key active and returns it. */
  rotate(): SigningKey {
    this.activeIndex = (this.activeIndex + 1) % this.keys.length;
    this.used.add(this.activeIndex);
    return this.active;
  }

  /** Certificates a relying party should trust: the active one first, then earlier ones; optionally the next. */
  certificatesPem(includeUpcoming = false): string[] {
    const next = (this.activeIndex + 1) % this.keys.length;
    const indexes = [this.activeIndex, ...[...this.used].filter((i) => i !== this.activeIndex).reverse()];
    if (includeUpcoming && !indexes.includes(next)) indexes.push(next);
    return indexes.map((i) => this.keys[i]!.certificatePem);
  }

  /** The key with this kid, if the emulator ever used it. */
  find(kid: string): SigningKey | undefined {
    return this.keys.find((key, i) => key.kid === kid && this.used.has(i));
  }
}
