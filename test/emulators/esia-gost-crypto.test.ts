import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGostCertificate, readGostPrivateKey } from '../../emulators/esia/crypto/gost-keys';
import {
  GostEngineUnavailableError,
  isGostEngineLoaded,
  selectGostProvider,
} from '../../emulators/esia/crypto/gost.provider';
import { startEsiaEmulator } from '../../emulators/esia/esia-emulator.server';

const KEY_PEM = readFileSync(join(__dirname, '../../config/dev-keys/client.key.pem'), 'utf8');
const CERT_PEM = readFileSync(join(__dirname, '../../config/dev-keys/client.crt.pem'), 'utf8');
// Anchors printed by `openssl pkey -text` / `openssl dgst -md_gost12_256` with gost-engine (big-endian hex).
const OPENSSL_PRIVATE_KEY = '9B0E8698062331C514BED5E262E6774F6706E800196AFD8B8882EA89C451978A';
const OPENSSL_PUBLIC_X = '73894E5824C40A01F87D59DA50F667FF69841329B590F1B0E790C479D2F8064A';
const DEMO_CERT_HASH = '12941025C503A371B5E2DAD1CB9EB0041C1CAEA16988FB090AC89990BB938950';
const reversedHex = (bytes: Buffer) => Buffer.from(bytes).reverse().toString('hex').toUpperCase();

/** An OpenSSL config that loads gost-engine (STACK.md), written to a temp dir: OPENSSL_CONF must exist at start. */
function gostOpensslConf(): string {
  const enginesDir = /ENGINESDIR: "([^"]+)"/.exec(
    execFileSync('openssl', ['version', '-e'], { encoding: 'utf8' }),
  )?.[1];
  const engine = join(enginesDir ?? '/usr/lib/x86_64-linux-gnu/engines-3', 'gost.so');
  if (!existsSync(engine))
    throw new Error(`gost-engine is required (Debian package libengine-gost-openssl): ${engine} missing`);
  const path = join(mkdtempSync(join(tmpdir(), 'esia-gost-')), 'openssl-gost.cnf');
  writeFileSync(
    path,
    `nodejs_conf = openssl_def\nopenssl_conf = openssl_def\n[openssl_def]\nengines = engine_section\n[engine_section]\ngost = gost_section\n` +
      `[gost_section]\nengine_id = gost\ndynamic_path = ${engine}\ndefault_algorithms = ALL\n`,
  );
  return path;
}

/** Signs and verifies in a separate node whose OpenSSL loaded gost-engine, whatever this process loaded. */
function inEngineProcess(
  message: string,
  jsSignatureHex: string,
): { signature: string; verifiesJs: boolean; digest: string } {
  const script = `
    const c = require('crypto'), fs = require('fs');
    const [keyPem, certPem, message, jsSig] = process.argv.slice(1);
    const key = c.createPrivateKey(fs.readFileSync(keyPem));
    const pub = new c.X509Certificate(fs.readFileSync(certPem)).publicKey;
    const data = Buffer.from(message, 'utf8');
    process.stdout.write(JSON.stringify({
      signature: c.sign('md_gost12_256', data, key).toString('hex'),
      verifiesJs: c.verify('md_gost12_256', data, pub, Buffer.from(jsSig, 'hex')),
      digest: c.createHash('md_gost12_256').update(data).digest('hex'),
    }));`;
  const keyPath = join(__dirname, '../../config/dev-keys/client.key.pem');
  const certPath = join(__dirname, '../../config/dev-keys/client.crt.pem');
  const output = execFileSync(process.execPath, ['-e', script, keyPath, certPath, message, jsSignatureHex], {
    env: { ...process.env, OPENSSL_CONF: gostOpensslConf() },
    encoding: 'utf8',
  });
  return JSON.parse(output) as { signature: string; verifiesJs: boolean; digest: string };
}

describe('GOST keys read without OpenSSL', () => {
  it('reads the private scalar little-endian and the public point of the demo client', () => {
    expect(reversedHex(readGostPrivateKey(KEY_PEM).scalarLe)).toBe(OPENSSL_PRIVATE_KEY);
    const certificate = readGostCertificate(CERT_PEM);
    expect(certificate.publicKey.curve).toBe('S-256-A');
    expect(reversedHex(certificate.publicKey.pointLe.subarray(0, 32))).toBe(OPENSSL_PUBLIC_X);
  });
});

describe('the pure-JS fallback against gost-engine', () => {
  const js = selectGostProvider('js');
  const key = readGostPrivateKey(KEY_PEM);
  const { der, publicKey } = readGostCertificate(CERT_PEM);
  const message =
    'ELG_DEMOopenid fullname2026.11.22 12:00:00 +03000b1d4a6e-8c2f-4e55-9a77-1f2e3d4c5b6ahttp://127.0.0.1:9/cb';

  it('hashes the demo certificate to the value gost-engine gives', () => {
    expect(js.digest(der).toString('hex').toUpperCase()).toBe(DEMO_CERT_HASH);
  });

  it('makes signatures gost-engine verifies and verifies gost-engine signatures (OpenSSL byte order)', () => {
    const jsSignature = js.sign(key, Buffer.from(message));
    const engine = inEngineProcess(message, jsSignature.toString('hex'));
    expect(engine.verifiesJs).toBe(true);
    expect(js.digest(Buffer.from(message)).toString('hex')).toBe(engine.digest);
    expect(js.verify(publicKey, Buffer.from(message), Buffer.from(engine.signature, 'hex'))).toBe(true);
    expect(js.verify(publicKey, Buffer.from(`${message}x`), Buffer.from(engine.signature, 'hex'))).toBe(
      false,
    );
  });

  it('agrees with the in-process engine provider when this process loaded gost-engine', () => {
    if (!isGostEngineLoaded()) {
      expect(() => selectGostProvider('engine')).toThrow(GostEngineUnavailableError);
      expect(selectGostProvider('auto').name).toBe('node-gost-crypto');
      return;
    }
    const engine = selectGostProvider('auto');
    expect(engine.name).toBe('gost-engine');
    expect(engine.digest(der).toString('hex').toUpperCase()).toBe(DEMO_CERT_HASH);
    expect(engine.verify(publicKey, Buffer.from(message), js.sign(key, Buffer.from(message)))).toBe(true);
    expect(js.verify(publicKey, Buffer.from(message), engine.sign(key, Buffer.from(message)))).toBe(true);
  });

  it('still loads RSA keys after a GOST digest (OpenSSL error queue left clean)', async () => {
    selectGostProvider('auto').digest(Buffer.from('x'));
    const emulator = await startEsiaEmulator({ signingAlg: 'RS256' });
    await emulator.close();
    expect(emulator.certificatesPem()[0]).toContain('BEGIN CERTIFICATE');
  });

  it('starts the emulator on the fallback when asked, and on the engine when it is loaded', async () => {
    const fallback = await startEsiaEmulator({ gostBackend: 'js' });
    await fallback.close();
    expect(fallback.gostBackend).toBe('node-gost-crypto');
    const auto = await startEsiaEmulator();
    await auto.close();
    expect(auto.gostBackend).toBe(isGostEngineLoaded() ? 'gost-engine' : 'node-gost-crypto');
  });
});
