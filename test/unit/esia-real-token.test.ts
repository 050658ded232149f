import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTrustedKeys } from '../../src/esia/esia-certificates';
import { EsiaTokenInvalidError } from '../../src/esia/esia.errors';
import { decodeJwt, verifyJwtSignature } from '../../src/esia/jwt-signature';
import { isGostEngineLoaded } from '../../src/esia/signers/gost-engine';
import { jsVerify } from '../../src/esia/signers/gost-js';
import { gostPublicKeyInfo } from '../../src/esia/signers/gost-verify';
import { checkAccessAudience, checkIssuer, checkTimes } from '../../src/esia/token-checks';

/**
 * A JWT that ESIA's test host really signed (2020-05-30) and ESIA's GOST test certificate of that year, public in
 * ekapusta/oauth2-esia at commit 28f346e (test/fixtures/esia-test-host-2020/README.md). Whether ESIA's
 * GOST3410_2012_256 signatures verify in OpenSSL's byte order, as they come, is what this settles.
 *
 * Every check the gateway makes on an ESIA access token runs: algorithm, signature, issuer, audience, times. The
 * only difference from production is the clock of the time check: the token expired four minutes after ESIA
 * issued it, so the times are checked one minute after issue. A test below shows that today the same token is
 * refused as expired, and for nothing else.
 */
const FIXTURES = join(__dirname, '..', 'fixtures', 'esia-test-host-2020');
const TOKEN = readFileSync(join(FIXTURES, 'authorization-code.jwt'), 'utf8').trim();
const CERTIFICATE = readFileSync(join(FIXTURES, 'esia.gost.test.cer'), 'utf8');
/** ESIA's issuer, character for character (http, trailing slash), and the client the token was issued to. */
const ISSUER = 'http://esia.gosuslugi.ru/';
const CLIENT_ID = 'MNSV36';
/** One minute after `iat` 1590836931 (2020-05-30 11:08:51 UTC); `exp` is 1590837171. */
const WHILE_VALID = new Date('2020-05-30T11:09:51Z');

const [header, payload, signature] = TOKEN.split('.') as [string, string, string];
const original = Buffer.from(signature, 'base64url');
const withSignature = (bytes: Buffer) => `${header}.${payload}.${bytes.toString('base64url')}`;
const reversed = Buffer.from(original).reverse();
/** The signature with one bit flipped: bit 0 of byte 5 lies in the first half, bit 7 of byte 50 in the second. */
const flipped = (byte: number, bit: number) => {
  const copy = Buffer.from(original);
  copy[byte] = copy[byte]! ^ (1 << bit);
  return copy;
};

/** The gateway's checks of an ESIA access token (src/esia/token-checks.ts), one by one, at `now`. */
function verifyAsTheGatewayDoes(token: string, certificates: string[], now: Date): void {
  const jwt = decodeJwt(token, 'access_token');
  verifyJwtSignature(jwt, 'GOST3410_2012_256', loadTrustedKeys(certificates), 'access_token');
  checkIssuer(jwt.payload, ISSUER, 'access_token');
  checkAccessAudience(jwt.payload, CLIENT_ID);
  checkTimes(jwt.payload, now, 'access_token');
}

/** The problem a refused token was refused for, or 'accepted'. */
function outcome(verify: () => void): string {
  try {
    verify();
    return 'accepted';
  } catch (error) {
    if (error instanceof EsiaTokenInvalidError) return error.problem;
    throw error;
  }
}

const engine = isGostEngineLoaded();
// As in test/integration/signers.test.ts: `npm test` loads gost-engine; with REQUIRE_REAL_SERVICES=1 a missing
// engine fails here instead of skipping.
const describeEngine = engine || process.env.REQUIRE_REAL_SERVICES === '1' ? describe : describe.skip;

describeEngine(
  'a real ESIA token (test host, 2020-05-30) through gost-engine, the production verifier',
  () => {
    beforeAll(() => expect(isGostEngineLoaded()).toBe(true));

    it('is accepted as it comes, in OpenSSL byte order, by every check (times checked at 2020-05-30 11:09:51 UTC)', () => {
      expect(outcome(() => verifyAsTheGatewayDoes(TOKEN, [CERTIFICATE], WHILE_VALID))).toBe('accepted');
    });

    it('is refused with its signature byte-reversed (CryptoPro order)', () => {
      expect(outcome(() => verifyAsTheGatewayDoes(withSignature(reversed), [CERTIFICATE], WHILE_VALID))).toBe(
        'signature',
      );
    });

    it('is refused with one bit of its signature flipped, in either half', () => {
      for (const [byte, bit] of [
        [5, 0],
        [50, 7],
      ] as const)
        expect(
          outcome(() =>
            verifyAsTheGatewayDoes(withSignature(flipped(byte, bit)), [CERTIFICATE], WHILE_VALID),
          ),
        ).toBe('signature');
    });

    it('is refused when the gateway trusts another GOST certificate only', () => {
      const other = readFileSync('emulators/fixtures/keys/esia-gost-2026.crt.pem', 'utf8');
      expect(outcome(() => verifyAsTheGatewayDoes(TOKEN, [other], WHILE_VALID))).toBe('signature');
    });
  },
);

describe('a real ESIA token (test host, 2020-05-30) through the JavaScript verifier (the fallback without gost-engine)', () => {
  const signingInput = Buffer.from(`${header}.${payload}`, 'ascii');
  const key = gostPublicKeyInfo(CERTIFICATE);
  const verify = (bytes: Buffer) => jsVerify(signingInput, bytes, key.point, key.paramsetOid);

  it('reads ESIA’s certificate as GOST R 34.10-2012 (256), paramset A', () => {
    expect(key.paramsetOid).toBe('1.2.643.2.2.36.0');
  });

  it('accepts the signature as it comes, in OpenSSL byte order', () => {
    expect(verify(original)).toBe(true);
  });

  it('refuses it byte-reversed and with one bit flipped', () => {
    expect(verify(reversed)).toBe(false);
    expect(verify(flipped(5, 0))).toBe(false);
    expect(verify(flipped(50, 7))).toBe(false);
  });
});

describe('the one check the real token cannot pass today', () => {
  it('today it is refused as expired, and only that: the time check is the one the tests above run in 2020', () => {
    expect(outcome(() => verifyAsTheGatewayDoes(TOKEN, [CERTIFICATE], new Date()))).toBe('expired');
  });
});
