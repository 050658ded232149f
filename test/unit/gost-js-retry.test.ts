import { withFreshRandomness } from '../../src/esia/signers/gost-js';

/**
 * node-gost-crypto 1.0.2 throws `ReferenceError: subtract is not defined` on about one JavaScript signature in
 * 400, depending on the signature's random nonce (seen in the sign-in bench; src/esia/signers/gost-js.ts). That
 * fault cannot be provoked on demand through the library, so the retry is driven here by a signing function
 * that fails the way the library does: a stand-in for the library's randomness, the only mock in this file.
 */

const libraryFault = () => new ReferenceError('subtract is not defined');

describe('JavaScript GOST signing: a fresh nonce after the library fault', () => {
  it('signs again after the fault and returns the signature that succeeded', () => {
    let calls = 0;
    const signature = withFreshRandomness(() => {
      calls++;
      if (calls === 1) throw libraryFault();
      return 'signature';
    });
    expect(signature).toBe('signature');
    expect(calls).toBe(2);
  });

  it('passes the fault on after three attempts in a row, and any other error at once', () => {
    let calls = 0;
    expect(() =>
      withFreshRandomness(() => {
        calls++;
        throw libraryFault();
      }),
    ).toThrow('subtract is not defined');
    expect(calls).toBe(3);

    let others = 0;
    expect(() =>
      withFreshRandomness(() => {
        others++;
        throw new ReferenceError('other is not defined');
      }),
    ).toThrow('other is not defined');
    expect(others).toBe(1);
  });
});
