import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import type { SecretBox } from '../crypto/secret-box';
import type { ProviderSigningKeysRepository } from '../store/provider-signing-keys.repository';
import { RETIRED_KEY_RETENTION_SECONDS } from './provider.settings';

/** A private signing JWK as the provider's `jwks` takes it. */
export type SigningJwk = JsonWebKey & { kid: string; alg: string; use: 'sig' };

/** RS256 (2048-bit RSA): what every OpenID Connect client library verifies by default. */
function newKey(): SigningJwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(12).toString('base64url');
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

const context = (kid: string) => `provider-signing-key:${kid}`;

/**
 * The provider's signing keys: created on first start, sealed at rest with CREDENTIAL_ENCRYPTION_KEY (like the
 * vendor secrets), rotated by an operator (`ops rotate-signing-key`); the retired key stays in the JWKS for
 * RETIRED_KEY_RETENTION_SECONDS.
 */
export class ProviderSigningKeys {
  constructor(
    private readonly repository: ProviderSigningKeysRepository,
    private readonly box: SecretBox,
  ) {}

  /** The keys to publish, the signing key first; creates the first key when there is none. */
  async load(): Promise<SigningJwk[]> {
    let keys = await this.repository.published(RETIRED_KEY_RETENTION_SECONDS);
    if (!keys.some((k) => k.retiredAt === null)) {
      await this.repository.insertFirst(this.sealed(newKey()), 'gateway start');
      keys = await this.repository.published(RETIRED_KEY_RETENTION_SECONDS);
    }
    return keys.map((k) => JSON.parse(this.box.open(k.sealedPrivateJwk, context(k.kid))) as SigningJwk);
  }

  /** A new signing key; the previous one is retired (still published for a day). */
  async rotate(createdBy: string): Promise<{ kid: string; retired: string | null }> {
    const key = newKey();
    const retired = await this.repository.rotate(this.sealed(key), createdBy, RETIRED_KEY_RETENTION_SECONDS);
    return { kid: key.kid, retired };
  }

  private sealed(key: SigningJwk) {
    return {
      kid: key.kid,
      alg: key.alg,
      sealedPrivateJwk: this.box.seal(JSON.stringify(key), context(key.kid)),
    };
  }
}
