import { SecretBox } from '../../src/crypto/secret-box';

describe('SecretBox (vendor secrets at rest)', () => {
  const box = new SecretBox(Buffer.alloc(32, 3));

  it('opens what it sealed, and the sealed bytes do not contain the secret', () => {
    const sealed = box.seal('vendor-secret-value', 'vk_key1');
    expect(sealed.toString('latin1')).not.toContain('vendor-secret-value');
    expect(box.open(sealed, 'vk_key1')).toBe('vendor-secret-value');
  });

  it('refuses a ciphertext moved to another key id (bound by additional data)', () => {
    const sealed = box.seal('s', 'vk_key1');
    expect(() => box.open(sealed, 'vk_key2')).toThrow();
  });

  it('refuses a ciphertext altered by one bit or opened with another key', () => {
    const sealed = box.seal('s', 'k');
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(() => box.open(altered, 'k')).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 4)).open(sealed, 'k')).toThrow();
  });

  it('uses a fresh IV each time: the same secret seals differently', () => {
    expect(box.seal('s', 'k').equals(box.seal('s', 'k'))).toBe(false);
  });
});
