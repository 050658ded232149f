import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixedClock } from '../../src/core/clock';
import { readClientCertificate } from '../../src/esia/signers/certificate';
import { createSigner } from '../../src/esia/signers/create-signer';
import { certificateSpki, parseGostPkcs8, parseGostSpki, pemToDer } from '../../src/esia/signers/gost-der';
import { engineStreebog256, isGostEngineLoaded } from '../../src/esia/signers/gost-engine';
import { jsStreebog256 } from '../../src/esia/signers/gost-js';
import { reverseGostSignature, verifyGost } from '../../src/esia/signers/gost-verify';
import {
  SignerCertificateExpiredError,
  SignerCertificateNotYetValidError,
  SignerKeyMismatchError,
  SignerUnavailableError,
} from '../../src/esia/signers/signer.errors';

// Tests that need gost-engine run when it is loaded; with REQUIRE_REAL_SERVICES=1 a missing engine fails them.
const engine = isGostEngineLoaded();
const engineIt = engine || process.env.REQUIRE_REAL_SERVICES === '1' ? it : it.skip;

const DEV = path.join(__dirname, '..', '..', 'config', 'dev-keys');
const devKey = fs.readFileSync(path.join(DEV, 'client.key.pem'), 'utf8');
const devCert = fs.readFileSync(path.join(DEV, 'client.crt.pem'), 'utf8');
const insideDevValidity = new FixedClock(
  new Date(readClientCertificate(devCert).notBefore.getTime() + 86_400_000),
);

function openssl(args: string[], input?: Buffer): Buffer {
  return execFileSync('openssl', args, { input, env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
}

describe('GOST key material is read without OpenSSL', () => {
  it('the dev key and certificate carry one GOST 2012/256 key pair on CryptoPro-A', () => {
    const key = parseGostPkcs8(pemToDer(devKey, 'PRIVATE KEY'));
    const pub = parseGostSpki(certificateSpki(pemToDer(devCert, 'CERTIFICATE')));
    expect(key.algorithmOid).toBe('1.2.643.7.1.1.1.1');
    expect(key.paramsetOid).toBe('1.2.643.2.2.35.1');
    expect(pub.paramsetOid).toBe('1.2.643.2.2.35.1');
    expect(key.secretLittleEndian).toHaveLength(32);
    expect(pub.point).toHaveLength(64);
  });

  engineIt('the SPKI found by the DER walker is the one OpenSSL exports', () => {
    const fromOpenSsl = new crypto.X509Certificate(devCert).publicKey.export({ type: 'spki', format: 'der' });
    expect(certificateSpki(pemToDer(devCert, 'CERTIFICATE')).equals(fromOpenSsl)).toBe(true);
  });

  engineIt('the PKCS#8 secret is little-endian: its reverse is what `openssl pkey -text` prints', () => {
    const printed = openssl(['pkey', '-text', '-noout'], Buffer.from(devKey)).toString();
    const hex = /Private key:\s*([0-9A-F]+)/i.exec(printed)![1]!.padStart(64, '0').toLowerCase();
    const secret = parseGostPkcs8(pemToDer(devKey, 'PRIVATE KEY')).secretLittleEndian;
    expect(Buffer.from(secret).reverse().toString('hex')).toBe(hex);
  });
});

describe('Streebog-256', () => {
  engineIt('the JavaScript digest equals the engine digest', () => {
    for (const size of [0, 1, 63, 64, 65, 1000]) {
      const data = crypto.randomBytes(size);
      expect(jsStreebog256(data).toString('hex')).toBe(engineStreebog256(data).toString('hex'));
    }
  });

  engineIt(
    'the certificate hash is Streebog-256 of the DER as `openssl dgst -md_gost12_256` computes it, upper case',
    () => {
      const der = new crypto.X509Certificate(devCert).raw;
      const line = openssl(['dgst', '-md_gost12_256', '-r'], der).toString();
      expect(readClientCertificate(devCert).hash).toBe(line.split(' ')[0]!.toUpperCase());
      expect(readClientCertificate(devCert).hash).toMatch(/^[0-9A-F]{64}$/);
    },
  );

  it('the JavaScript digest matches the published GOST R 34.11-2012 test vector M1 (256 bit)', () => {
    // GOST R 34.11-2012, appendix A, example 1: the message "012345678901234567890123456789012345678901234567890123456789012".
    const m1 = Buffer.from('012345678901234567890123456789012345678901234567890123456789012');
    expect(jsStreebog256(m1).toString('hex')).toBe(
      '9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500',
    );
  });

  engineIt('an engine digest leaves no stale OpenSSL error behind to break the next key parse', () => {
    engineStreebog256(Buffer.from('x'));
    expect(() => crypto.createPrivateKey(devKey)).not.toThrow();
  });
});

describe('signature byte order', () => {
  engineIt(
    'OpenSSL order is s‖r big-endian: reversing it is CryptoPro order, and verifyGost takes either when told',
    async () => {
      const signer = await createSigner({
        kind: 'engine',
        keyPem: devKey,
        certificatePem: devCert,
        clock: insideDevValidity,
      });
      const data = Buffer.from('client_id+scope+timestamp+state+redirect_uri');
      const signature = await signer.sign(data);
      expect(verifyGost(data, signature, devCert)).toBe(true);
      expect(verifyGost(data, signature, devCert, { byteOrder: 'cryptopro' })).toBe(false);
      expect(verifyGost(data, reverseGostSignature(signature), devCert, { byteOrder: 'cryptopro' })).toBe(
        true,
      );
      await signer.close();
    },
  );

  it('the JavaScript signer never draws its secret nonce from Math.random', async () => {
    const spy = jest.spyOn(Math, 'random');
    const signer = await createSigner({
      kind: 'js',
      keyPem: devKey,
      certificatePem: devCert,
      clock: insideDevValidity,
    });
    await signer.sign(Buffer.from('data'));
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    await signer.close();
  });

  it('two JavaScript signatures of the same data differ (a fresh k each time)', async () => {
    const signer = await createSigner({
      kind: 'js',
      keyPem: devKey,
      certificatePem: devCert,
      clock: insideDevValidity,
    });
    const a = await signer.sign(Buffer.from('same'));
    const b = await signer.sign(Buffer.from('same'));
    expect(a.equals(b)).toBe(false);
    expect(verifyGost(Buffer.from('same'), a, devCert)).toBe(true);
  });
});

describe('start-up checks', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elg-signers-unit-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function otherKey(): string {
    const file = path.join(dir, `other-${crypto.randomUUID()}.key.pem`);
    openssl(['genpkey', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:A', '-out', file]);
    return fs.readFileSync(file, 'utf8');
  }

  for (const kind of ['engine', 'js'] as const) {
    const run =
      kind === 'engine' ? engineIt : engine || process.env.REQUIRE_REAL_SERVICES === '1' ? it : it.skip;
    run(`a ${kind} signer with a key that is not the certificate's is refused`, async () => {
      await expect(
        createSigner({ kind, keyPem: otherKey(), certificatePem: devCert, clock: insideDevValidity }),
      ).rejects.toBeInstanceOf(SignerKeyMismatchError);
    });
  }

  it('an expired certificate is refused, with its end date', async () => {
    const after = new FixedClock(new Date(readClientCertificate(devCert).notAfter.getTime() + 1000));
    const refusal = createSigner({ kind: 'js', keyPem: devKey, certificatePem: devCert, clock: after });
    await expect(refusal).rejects.toBeInstanceOf(SignerCertificateExpiredError);
    await expect(refusal).rejects.toThrow(/expired at/);
  });

  it('a certificate not yet valid is refused', async () => {
    const before = new FixedClock(new Date(readClientCertificate(devCert).notBefore.getTime() - 1000));
    await expect(
      createSigner({ kind: 'js', keyPem: devKey, certificatePem: devCert, clock: before }),
    ).rejects.toBeInstanceOf(SignerCertificateNotYetValidError);
  });

  it('production (no development signer) refuses the JavaScript fallback', async () => {
    await expect(
      createSigner({
        kind: 'js',
        keyPem: devKey,
        certificatePem: devCert,
        clock: insideDevValidity,
        allowDevelopmentSigner: false,
      }),
    ).rejects.toBeInstanceOf(SignerUnavailableError);
  });

  it('auto picks the engine when loaded, else the JavaScript signer, which says loudly it is for development', async () => {
    const signer = await createSigner({
      kind: 'auto',
      keyPem: devKey,
      certificatePem: devCert,
      clock: insideDevValidity,
    });
    const description = signer.describe();
    expect(description.kind).toBe(engine ? 'engine' : 'js');
    if (description.kind === 'js') {
      expect(description.productionReady).toBe(false);
      expect(description.summary).toMatch(/^DEVELOPMENT ONLY/);
    }
    expect(signer.certificateHash()).toBe(readClientCertificate(devCert).hash);
  });

  it('the JavaScript signer describes itself as development only', async () => {
    const signer = await createSigner({
      kind: 'js',
      keyPem: devKey,
      certificatePem: devCert,
      clock: insideDevValidity,
    });
    expect(signer.describe()).toMatchObject({ kind: 'js', productionReady: false });
    expect(signer.describe().summary).toMatch(/DEVELOPMENT ONLY/);
  });
});

describe('OPENSSL_CONF must be decided before Node starts', () => {
  it('Node refuses to start (exit 103) when OPENSSL_CONF names an engine that is missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elg-conf-'));
    const conf = path.join(dir, 'missing-engine.cnf');
    const repoConf = fs.readFileSync(path.join(__dirname, '..', '..', 'config', 'openssl-gost.cnf'), 'utf8');
    fs.writeFileSync(
      conf,
      repoConf.replace(/^(\s*dynamic_path\s*=\s*)\S+/m, `$1${path.join(dir, 'nope', 'gost.so')}`),
    );
    const result = spawnSync(process.execPath, ['-e', 'process.exit(0)'], {
      env: { ...process.env, OPENSSL_CONF: conf },
      encoding: 'utf8',
    });
    expect(result.status).toBe(103);
    expect(result.stderr).toMatch(/OpenSSL configuration error/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the launcher drops such an OPENSSL_CONF instead of letting the child die', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elg-conf-'));
    const conf = path.join(dir, 'missing-engine.cnf');
    fs.writeFileSync(
      conf,
      'nodejs_conf = d\n[d]\nengines = e\n[e]\ngost = g\n[g]\ndynamic_path = /nonexistent/gost.so\n',
    );
    const launcher = path.join(__dirname, '..', '..', 'scripts', 'with-gost-engine.js');
    const result = spawnSync(
      process.execPath,
      [
        '--openssl-config=/dev/null',
        launcher,
        process.execPath,
        '-e',
        'process.stdout.write(String(process.env.OPENSSL_CONF))',
      ],
      { env: { ...process.env, OPENSSL_CONF: conf, GOST_ENGINE_QUIET: '1' }, encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).not.toBe(conf);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
