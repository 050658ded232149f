import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startSigningService,
  type RunningSigningService,
} from '../../emulators/signing-service/signing-service';
import { FixedClock } from '../../src/core/clock';
import { createSigner } from '../../src/esia/signers/create-signer';
import { isGostEngineLoaded } from '../../src/esia/signers/gost-engine';
import { gostPublicKeyInfo, verifyGost } from '../../src/esia/signers/gost-verify';
import { jsVerify } from '../../src/esia/signers/gost-js';
import { signingRequestHeaders } from '../../src/esia/signers/remote-signing.protocol';
import type { Signer, SignerKind } from '../../src/esia/signers/signer';
import {
  RemoteSignerAuthError,
  SignerKeyMismatchError,
  SigningTimeoutError,
} from '../../src/esia/signers/signer.errors';

/**
 * Every signer against real crypto: real gost-engine, the real openssl tool, a real HTTP signing service. With
 * REQUIRE_REAL_SERVICES=1 a missing engine fails these tests instead of skipping them.
 */
const engine = isGostEngineLoaded();
const describeEngine = engine || process.env.REQUIRE_REAL_SERVICES === '1' ? describe : describe.skip;

describeEngine('GOST signers with gost-engine', () => {
  let dir: string;
  let keyPem: string;
  let certPem: string;
  let otherKeyPem: string;
  let otherCertPem: string;
  let service: RunningSigningService;
  const secret = crypto.randomBytes(32).toString('hex');
  const signers = new Map<SignerKind, Signer>();
  const clock = new FixedClock(new Date());

  function openssl(args: string[], input?: Buffer): Buffer {
    return execFileSync('openssl', args, { input, env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  }

  function keyPair(name: string): { key: string; cert: string } {
    const key = path.join(dir, `${name}.key.pem`);
    const cert = path.join(dir, `${name}.crt.pem`);
    openssl(['genpkey', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:A', '-out', key]);
    openssl([
      'req',
      '-new',
      '-x509',
      '-key',
      key,
      '-out',
      cert,
      '-days',
      '30',
      '-subj',
      `/CN=${name}/O=ELG tests`,
    ]);
    return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
  }

  beforeAll(async () => {
    expect(isGostEngineLoaded()).toBe(true);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elg-signers-'));
    ({ key: keyPem, cert: certPem } = keyPair('client'));
    ({ key: otherKeyPem, cert: otherCertPem } = keyPair('other'));
    // The certificates start "now" to the second; a clock read before they were made could precede them.
    clock.set(new Date(Date.now() + 2000));
    service = await startSigningService({
      clients: { gateway: secret },
      keys: {
        'esia-client': { keyPem, certificatePem: certPem },
        'wrong-key': { keyPem: otherKeyPem, certificatePem: certPem },
      },
    });
    const remote = {
      url: service.url,
      keyId: 'esia-client',
      clientId: 'gateway',
      clientSecret: secret,
      timeoutMs: 2000,
    };
    signers.set('engine', await createSigner({ kind: 'engine', keyPem, certificatePem: certPem, clock }));
    signers.set(
      'openssl-cli',
      await createSigner({ kind: 'openssl-cli', keyPem, certificatePem: certPem, clock }),
    );
    signers.set('remote', await createSigner({ kind: 'remote', remote, clock }));
    signers.set('js', await createSigner({ kind: 'js', keyPem, certificatePem: certPem, clock }));
  });

  afterAll(async () => {
    for (const signer of signers.values()) await signer.close();
    await service?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const kinds: SignerKind[] = ['engine', 'openssl-cli', 'remote', 'js'];

  it.each(kinds)('a %s signature verifies with `openssl dgst -md_gost12_256 -verify`', async (kind) => {
    const data = Buffer.from(
      `client_id scope 2025.09.02 13:00:29 +0300 ${crypto.randomUUID()} https://gw/cb`,
    );
    const signature = await signers.get(kind)!.sign(data);
    expect(signature).toHaveLength(64);
    fs.writeFileSync(path.join(dir, 'data.bin'), data);
    fs.writeFileSync(path.join(dir, `${kind}.sig`), signature);
    const pub = path.join(dir, 'client.pub.pem');
    fs.writeFileSync(pub, openssl(['x509', '-pubkey', '-noout'], Buffer.from(certPem)));
    const out = openssl([
      'dgst',
      '-md_gost12_256',
      '-verify',
      pub,
      '-signature',
      path.join(dir, `${kind}.sig`),
      path.join(dir, 'data.bin'),
    ]);
    expect(out.toString()).toMatch(/Verified OK/);
  });

  it.each(kinds)(
    'a %s signature verifies with the engine verifier and with the JavaScript verifier',
    async (kind) => {
      const data = crypto.randomBytes(100);
      const signature = await signers.get(kind)!.sign(data);
      expect(verifyGost(data, signature, certPem)).toBe(true);
      const info = gostPublicKeyInfo(certPem);
      expect(jsVerify(data, signature, info.point, info.paramsetOid)).toBe(true);
      expect(verifyGost(Buffer.concat([data, Buffer.from('!')]), signature, certPem)).toBe(false);
      expect(verifyGost(data, signature, otherCertPem)).toBe(false);
    },
  );

  it('a signature made by `openssl dgst -sign` verifies in-process too (the other direction)', () => {
    const data = Buffer.from('made by the openssl tool');
    const keyFile = path.join(dir, 'client.key.pem');
    const signature = openssl(['dgst', '-md_gost12_256', '-binary', '-sign', keyFile], data);
    expect(verifyGost(data, signature, certPem)).toBe(true);
    const info = gostPublicKeyInfo(certPem);
    expect(jsVerify(data, signature, info.point, info.paramsetOid)).toBe(true);
  });

  it('every signer reports the same certificate hash: Streebog-256 of the DER by `openssl dgst`', () => {
    const der = new crypto.X509Certificate(certPem).raw;
    const expected = openssl(['dgst', '-md_gost12_256', '-r'], der).toString().split(' ')[0]!.toUpperCase();
    for (const signer of signers.values()) expect(signer.certificateHash()).toBe(expected);
  });

  it.each(['engine', 'openssl-cli', 'js'] as const)(
    "a %s signer whose key is not the certificate's refuses to start",
    async (kind) => {
      await expect(
        createSigner({ kind, keyPem: otherKeyPem, certificatePem: certPem, clock }),
      ).rejects.toBeInstanceOf(SignerKeyMismatchError);
    },
  );

  it('a remote key that does not belong to the certificate refuses to start', async () => {
    const remote = { url: service.url, keyId: 'wrong-key', clientId: 'gateway', clientSecret: secret };
    await expect(createSigner({ kind: 'remote', remote, clock })).rejects.toBeInstanceOf(
      SignerKeyMismatchError,
    );
  });

  it('the remote signer with a wrong secret is refused, without retrying', async () => {
    const before = service.requests;
    const remote = {
      url: service.url,
      keyId: 'esia-client',
      clientId: 'gateway',
      clientSecret: 'not-the-secret',
      retries: 3,
    };
    await expect(
      createSigner({ kind: 'remote', remote, certificatePem: certPem, clock }),
    ).rejects.toBeInstanceOf(RemoteSignerAuthError);
    expect(service.requests - before).toBe(1);
  });

  it('the remote signer times out against a slow service, within its bound', async () => {
    const remote = {
      url: service.url,
      keyId: 'esia-client',
      clientId: 'gateway',
      clientSecret: secret,
      timeoutMs: 300,
      retries: 2,
    };
    const signer = await createSigner({ kind: 'remote', remote, certificatePem: certPem, clock });
    service.setDelay(3000);
    const started = Date.now();
    try {
      await expect(signer.sign(Buffer.from('slow'))).rejects.toBeInstanceOf(SigningTimeoutError);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      service.setDelay(0);
      await signer.close();
    }
  });

  it('the remote signer retries a 503 with a fresh nonce and then succeeds', async () => {
    const remote = {
      url: service.url,
      keyId: 'esia-client',
      clientId: 'gateway',
      clientSecret: secret,
      retries: 2,
    };
    const signer = await createSigner({ kind: 'remote', remote, certificatePem: certPem, clock });
    service.failNext(2);
    const signature = await signer.sign(Buffer.from('after two 503'));
    expect(verifyGost(Buffer.from('after two 503'), signature, certPem)).toBe(true);
    await signer.close();
  });

  describe('the reference signing service refuses what is not authenticated', () => {
    const body = () =>
      Buffer.from(JSON.stringify({ keyId: 'esia-client', algorithm: 'GOST3410_2012_256', data: 'AA==' }));
    const post = (headers: Record<string, string>, payload = body()) =>
      fetch(`${service.url}/v1/sign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: payload,
      });

    it('no authentication headers: 401', async () => {
      const response = await post({});
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'unauthenticated' });
    });

    it('a body changed after signing: 401', async () => {
      const headers = signingRequestHeaders('gateway', secret, 'POST', '/v1/sign', body(), new Date());
      const tampered = Buffer.from(
        JSON.stringify({ keyId: 'esia-client', algorithm: 'GOST3410_2012_256', data: 'AQ==' }),
      );
      expect((await post(headers, tampered)).status).toBe(401);
    });

    it('a replayed request: 401 the second time', async () => {
      const headers = signingRequestHeaders('gateway', secret, 'POST', '/v1/sign', body(), new Date());
      expect((await post(headers)).status).toBe(200);
      const again = await post(headers);
      expect(again.status).toBe(401);
      expect(await again.json()).toEqual({ error: 'replayed_request' });
    });

    it('a stale timestamp: 401', async () => {
      const headers = signingRequestHeaders(
        'gateway',
        secret,
        'POST',
        '/v1/sign',
        body(),
        new Date(Date.now() - 3_600_000),
      );
      expect((await post(headers)).status).toBe(401);
    });

    it('an authenticated request signs with OpenSSL byte order', async () => {
      const headers = signingRequestHeaders('gateway', secret, 'POST', '/v1/sign', body(), new Date());
      const response = await post(headers);
      const json = (await response.json()) as { signature: string };
      expect(verifyGost(Buffer.from([0]), Buffer.from(json.signature, 'base64'), certPem)).toBe(true);
    });
  });
});
