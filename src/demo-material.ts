import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { certificateSpki, GOST_2012_256_OID, parseGostPkcs8 } from './esia/signers/gost-der';

/**
 * What the repository ships for the demo and production refuses by value, not by where it came from: the keys
 * and certificates of config/dev-keys/ and emulators/fixtures/keys/ (by fingerprint: the production image
 * holds neither folder, so the fingerprints are committed here and a test keeps them equal to the files), the
 * demo ESIA client, and the demo vendor keys a development start seeds.
 */

/**
 * Fingerprints of each shipped PEM file (test/unit/demo-material.test.ts recomputes them). `spki:` is the
 * SHA-256 of a public key's SubjectPublicKeyInfo DER, the same for a key, its certificate and any certificate
 * re-issued over it; `gost-key:` is the SHA-256 of a GOST private scalar, which is how a GOST private key is
 * recognised where OpenSSL has no GOST engine to derive its public key.
 */
export const SHIPPED_KEY_FINGERPRINTS: Readonly<Record<string, readonly string[]>> = {
  'config/dev-keys/client.crt.pem': ['spki:50ee6559e73f302a75f9d018bdba2c3cc4c6da32fcfc5c12b66a187dc0f1b795'],
  'config/dev-keys/client.key.pem': [
    'spki:50ee6559e73f302a75f9d018bdba2c3cc4c6da32fcfc5c12b66a187dc0f1b795',
    'gost-key:7277c0e2d05a6818e05a53400126d60e4a2f671c768de2fa764d966998c19094',
  ],
  'emulators/fixtures/keys/cop-86-oidc-client.key.pem': [
    'spki:9537b3d26299f4348a3ed70ea4088370e61ff611f9b8a2bd833a6c341fb09552',
  ],
  'emulators/fixtures/keys/esia-gost-2026.crt.pem': [
    'spki:cb911a1bc8abd0c00411c2bee21c39dd7da921c5c5737ed84df342c8c8b8015b',
  ],
  'emulators/fixtures/keys/esia-gost-2026.key.pem': [
    'spki:cb911a1bc8abd0c00411c2bee21c39dd7da921c5c5737ed84df342c8c8b8015b',
    'gost-key:f1f94346e9b64ed0e55d562d1d3585c65d40f3895a18ebbd6a228dcd5e925b81',
  ],
  'emulators/fixtures/keys/esia-gost-2027.crt.pem': [
    'spki:5960795e0612cbf8af7a4f09e117c927b4aae9050cac74765afa4c4289d0b4cb',
  ],
  'emulators/fixtures/keys/esia-gost-2027.key.pem': [
    'spki:5960795e0612cbf8af7a4f09e117c927b4aae9050cac74765afa4c4289d0b4cb',
    'gost-key:a08d43fee6ba773653c7943c0fb9d27ba17b15110e180ff2d68bc711ad285932',
  ],
  'emulators/fixtures/keys/esia-gost-2028.crt.pem': [
    'spki:3a1d89e1abfd548771566a3701657a493946ef4e6c24428b354a920fcffbd31d',
  ],
  'emulators/fixtures/keys/esia-gost-2028.key.pem': [
    'spki:3a1d89e1abfd548771566a3701657a493946ef4e6c24428b354a920fcffbd31d',
    'gost-key:88481d587eef2db8ed092f1a807a74385820b0cbf2979f6df012a88333425428',
  ],
  'emulators/fixtures/keys/esia-rsa-2026.crt.pem': [
    'spki:e2f12ef272240c038ac453f84f5963421e6bac8d1e6d5175de3d76fdada3eb3d',
  ],
  'emulators/fixtures/keys/esia-rsa-2026.key.pem': [
    'spki:e2f12ef272240c038ac453f84f5963421e6bac8d1e6d5175de3d76fdada3eb3d',
  ],
  'emulators/fixtures/keys/esia-rsa-2027.crt.pem': [
    'spki:0b573748d69010e1ad0a62b5a47c905ca35a95064a09ff39d93ae8ecd52ee053',
  ],
  'emulators/fixtures/keys/esia-rsa-2027.key.pem': [
    'spki:0b573748d69010e1ad0a62b5a47c905ca35a95064a09ff39d93ae8ecd52ee053',
  ],
};

const SHIPPED = new Set(Object.values(SHIPPED_KEY_FINGERPRINTS).flat());

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Every PEM block of a file: its label and DER. */
function pemBlocks(text: string): Array<{ label: string; der: Buffer; pem: string }> {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)].map((m) => ({
    label: m[1]!,
    der: Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64'),
    pem: m[0],
  }));
}

/** The fingerprints of one private key: its public key when OpenSSL can read it, its GOST scalar when it is GOST. */
function privateKeyFingerprints(pem: string, der: Buffer, label: string): string[] {
  const found: string[] = [];
  try {
    const spki = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' });
    found.push(`spki:${sha256(spki)}`);
  } catch {
    // A GOST key without the engine, or a key in a form OpenSSL does not read: the GOST scalar may still say.
  }
  if (label === 'PRIVATE KEY') {
    try {
      const gost = parseGostPkcs8(der);
      if (gost.algorithmOid === GOST_2012_256_OID) found.push(`gost-key:${sha256(gost.secretLittleEndian)}`);
    } catch {
      // Not a GOST key.
    }
  }
  return found;
}

/** The fingerprints of every key and certificate in a PEM text (SHIPPED_KEY_FINGERPRINTS explains them). */
export function keyFingerprints(pemText: string): string[] {
  const found = pemBlocks(pemText).flatMap(({ label, der, pem }) => {
    try {
      if (label === 'CERTIFICATE') return [`spki:${sha256(certificateSpki(der))}`];
      if (label === 'PUBLIC KEY') return [`spki:${sha256(der)}`];
      if (label.endsWith('PRIVATE KEY')) return privateKeyFingerprints(pem, der, label);
    } catch {
      // An unreadable block is for the step that uses the file to report.
    }
    return [];
  });
  return [...new Set(found)];
}

/** True when the PEM text holds a key or certificate that the repository ships (development only). */
export function holdsShippedKey(pemText: string): boolean {
  return keyFingerprints(pemText).some((f) => SHIPPED.has(f));
}

/** The ESIA client mnemonic the demo emulator knows; a real one is registered at ESIA. */
export const DEMO_ESIA_CLIENT_ID = 'ELG_DEMO';

/** Who the vendor keys seeded by a development start are recorded as created by. */
export const DEMO_SEED_ACTOR = 'demo-seed';

/**
 * True for a vendor key a development start seeded: created by the seed, or with a demo key id (every key id
 * in config/demo-vendor-credentials.json starts with `demo-`, a test says so; issued keys start with `vk_`).
 */
export function isDemoVendorKey(key: { keyId: string; createdBy: string }): boolean {
  return key.createdBy === DEMO_SEED_ACTOR || key.keyId.startsWith('demo-');
}

/**
 * SHA-256 of the demo diaries' OpenID client secrets (config/demo-vendor-credentials.json `oidcClientSecret`;
 * the production image holds no such file, and a test keeps this list equal to it).
 */
export const SHIPPED_CLIENT_SECRET_HASHES: ReadonlySet<string> = new Set([
  'e1107cf7c83f28a60de3c84392a8cc32f421f0ea5cc68f8fc0f8095d35a58143',
  '41a765aceb9f833ea9086208dc144ab1c7558441c2952b9c01b3a5ae57a263af',
  'b22c3263ae8ecfe8ce178b2dc4d2cf003c1657d5a978e8cf458aa46094550178',
]);

/** True for a client secret the repository ships (refused in production wherever it is set). */
export function isShippedClientSecret(secret: string): boolean {
  return SHIPPED_CLIENT_SECRET_HASHES.has(sha256(Buffer.from(secret, 'utf8')));
}
