import { spawnSync } from 'node:child_process';
import { Pseudonyms, PSEUDONYM_PATTERN } from '../../src/crypto/pseudonyms';

const KEY = Buffer.alloc(32, 7);

/** The HMAC-SHA256 of `input` as openssl(1) computes it: an oracle outside Node's crypto module. */
function opensslHmac(input: string): string {
  const run = spawnSync(
    'openssl',
    ['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${KEY.toString('hex')}`],
    {
      input: Buffer.from(input, 'utf8'),
    },
  );
  if (run.status !== 0) throw new Error(`openssl failed: ${run.stderr.toString()}`);
  const hex = run.stdout.toString().trim().split(/\s+/).at(-1)!;
  return `pn:${Buffer.from(hex, 'hex').toString('base64url')}`;
}

describe('pseudonyms (docs/personal-data.md): pn: + base64url(HMAC-SHA256(PII_HMAC_KEY, kind + identifier))', () => {
  const pseudonyms = new Pseudonyms(KEY);

  it('an ESIA oid and a diary account give the documented HMAC, each in its own domain', () => {
    expect(pseudonyms.esiaOid('1000300001')).toBe(opensslHmac('esia-oid\u00001000300001'));
    expect(pseudonyms.account('diary-86', '1000300001')).toBe(
      opensslHmac('diary-account\u0000diary-86\u00001000300001'),
    );
    expect(pseudonyms.account('diary-86', '1000300001')).not.toBe(pseudonyms.esiaOid('1000300001'));
  });

  it('has the shape the audit trigger accepts, and is told apart from an identifier', () => {
    const p = pseudonyms.esiaOid('1000300001');
    expect(p).toMatch(PSEUDONYM_PATTERN);
    expect(Pseudonyms.is(p)).toBe(true);
    expect(Pseudonyms.is('1000300001')).toBe(false);
    expect(Pseudonyms.is(null)).toBe(false);
  });

  it('another key gives another pseudonym; a short key is refused', () => {
    expect(new Pseudonyms(Buffer.alloc(32, 8)).esiaOid('1000300001')).not.toBe(
      pseudonyms.esiaOid('1000300001'),
    );
    expect(() => new Pseudonyms(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
