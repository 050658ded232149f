import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  holdsShippedKey,
  isDemoVendorKey,
  isShippedClientSecret,
  keyFingerprints,
  SHIPPED_CLIENT_SECRET_HASHES,
  SHIPPED_KEY_FINGERPRINTS,
} from '../../src/demo-material';

const root = join(__dirname, '../..');
const FOLDERS = ['config/dev-keys', 'emulators/fixtures/keys'];
const shippedFiles = FOLDERS.flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.pem'))
    .map((f) => `${dir}/${f}`),
).sort();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** openssl(1) with the repository's GOST engine configuration: an oracle apart from the code under test. */
function openssl(args: string[], input?: Buffer): Buffer {
  const run = spawnSync('openssl', args, {
    input,
    env: { ...process.env, OPENSSL_CONF: join(root, 'config/openssl-gost.cnf') },
  });
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${run.stderr.toString()}`);
  return run.stdout;
}

/** What openssl says a file's fingerprints are: its public key's SPKI and, for a GOST key, its scalar. */
function opensslFingerprints(file: string): string[] {
  const path = join(root, file);
  if (file.endsWith('.crt.pem')) {
    const pub = openssl(['x509', '-in', path, '-noout', '-pubkey']);
    return [`spki:${sha256(openssl(['pkey', '-pubin', '-outform', 'DER'], pub))}`];
  }
  const found = [`spki:${sha256(openssl(['pkey', '-in', path, '-pubout', '-outform', 'DER']))}`];
  const text = openssl(['pkey', '-in', path, '-noout', '-text']).toString();
  const gost = /Private key: ([0-9A-F]{64})/.exec(text);
  // openssl prints the scalar big-endian; the PKCS#8 (and the fingerprint) carries it little-endian.
  if (gost) found.push(`gost-key:${sha256(Buffer.from(gost[1]!, 'hex').reverse())}`);
  return found;
}

describe('demo material the repository ships', () => {
  it('the committed fingerprints list exactly the PEM files of config/dev-keys/ and emulators/fixtures/keys/', () => {
    expect(Object.keys(SHIPPED_KEY_FINGERPRINTS).sort()).toEqual(shippedFiles);
    expect(shippedFiles.length).toBeGreaterThanOrEqual(12);
  });

  it.each(shippedFiles)('%s: the committed fingerprints are what openssl computes', (file) => {
    expect([...SHIPPED_KEY_FINGERPRINTS[file]!].sort()).toEqual(opensslFingerprints(file).sort());
  });

  it.each(shippedFiles)('%s is recognised by what it holds', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const computed = keyFingerprints(text);
    expect(computed.length).toBeGreaterThan(0);
    expect(SHIPPED_KEY_FINGERPRINTS[file]).toEqual(expect.arrayContaining(computed));
    expect(holdsShippedKey(text)).toBe(true);
  });

  it('a key of our own is not demo material, even beside a shipped certificate in another bundle', () => {
    const own = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = own.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(holdsShippedKey(pem)).toBe(false);
    expect(holdsShippedKey(own.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toBe(false);
    const bundle = pem + readFileSync(join(root, 'emulators/fixtures/keys/esia-rsa-2026.crt.pem'), 'utf8');
    expect(holdsShippedKey(bundle)).toBe(true);
  });

  it('every demo OpenID client secret of config/demo-vendor-credentials.json is recognised without the file', () => {
    const file = JSON.parse(readFileSync(join(root, 'config/demo-vendor-credentials.json'), 'utf8')) as {
      credentials: Array<{ oidcClientSecret?: string }>;
    };
    const secrets = file.credentials.flatMap((c) => (c.oidcClientSecret ? [c.oidcClientSecret] : []));
    expect(secrets.length).toBe(SHIPPED_CLIENT_SECRET_HASHES.size);
    for (const secret of secrets) expect(isShippedClientSecret(secret)).toBe(true);
    expect(isShippedClientSecret('a-secret-of-the-vendor-s-own-0123456789')).toBe(false);
  });

  it('every demo vendor key id of config/demo-vendor-credentials.json is recognised without the file', () => {
    const file = JSON.parse(readFileSync(join(root, 'config/demo-vendor-credentials.json'), 'utf8')) as {
      credentials: Array<{ keyId: string }>;
    };
    expect(file.credentials.length).toBeGreaterThan(0);
    for (const { keyId } of file.credentials)
      expect(isDemoVendorKey({ keyId, createdBy: 'cli:someone' })).toBe(true);
    expect(isDemoVendorKey({ keyId: 'vk_x2Qe0d5m3JvV1pHk', createdBy: 'demo-seed' })).toBe(true);
    expect(isDemoVendorKey({ keyId: 'vk_x2Qe0d5m3JvV1pHk', createdBy: 'cli:someone' })).toBe(false);
  });
});
