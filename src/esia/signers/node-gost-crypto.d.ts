/** The small part of node-gost-crypto (no bundled types) that the JavaScript fallback uses. */
declare module 'node-gost-crypto' {
  interface GostAlgorithm {
    name: string;
    version?: number;
    length?: number;
    namedCurve?: string;
    hash?: GostAlgorithm;
  }
  interface GostDigest {
    digest(data: Uint8Array): ArrayBuffer;
  }
  interface GostSign {
    sign(privateKey: Uint8Array, data: Uint8Array): ArrayBuffer;
    verify(publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): boolean;
  }
  export const gostEngine: {
    getGostDigest(algorithm: GostAlgorithm): GostDigest;
    getGostSign(algorithm: GostAlgorithm): GostSign;
  };
}
