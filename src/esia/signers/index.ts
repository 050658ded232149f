/** The signer module's public face: the contract, the factory, the verification helpers and the typed errors. */
export type { Signer, SignerDescription, SignerKind, GostSignatureByteOrder } from './signer';
export { createSigner, type CreateSignerOptions } from './create-signer';
export { verifyGost, streebog256, reverseGostSignature, type GostVerificationKey } from './gost-verify';
export { isGostEngineLoaded } from './gost-engine';
export { readClientCertificate, type ClientCertificate } from './certificate';
export * from './signer.errors';
