import { systemClock, type Clock } from '../../core/clock';
import type { Logger } from '../../logger';
import {
  assertCertificateCurrent,
  assertSignerMatchesCertificate,
  readClientCertificate,
  type CertifiedSigner,
} from './certificate';
import { EngineSigner } from './engine.signer';
import { isGostEngineLoaded } from './gost-engine';
import { JsSigner } from './js.signer';
import { OpensslCliSigner, type OpensslCliSignerOptions } from './openssl-cli.signer';
import { RemoteSigner, type RemoteSignerOptions } from './remote.signer';
import type { Signer, SignerKind } from './signer';
import { SignerKeyUnsupportedError, SignerUnavailableError } from './signer.errors';

/** Everything `createSigner` may need; which fields matter depends on `kind`. */
export interface CreateSignerOptions {
  /** `auto`: the engine when it is loaded, else the JavaScript fallback with a warning. */
  readonly kind: SignerKind | 'auto';
  /** PKCS#8 PEM of the client key (engine, js, openssl-cli unless `openssl.keyFile`). */
  readonly keyPem?: string | Buffer;
  /** PEM of the client certificate; for `remote` it may come from the service instead. */
  readonly certificatePem?: string | Buffer;
  readonly openssl?: OpensslCliSignerOptions;
  readonly remote?: Omit<RemoteSignerOptions, 'certificatePem' | 'clock' | 'logger'>;
  /** False in production: the JavaScript fallback is then refused, `auto` included. */
  readonly allowDevelopmentSigner?: boolean;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/**
 * Builds the configured signer and runs the start-up checks every kind must pass: the certificate is GOST
 * 2012/256 and within its validity, and a probe signed by the signer verifies with the certificate's public key.
 * Throws a typed SignerError for the process to report and stop on.
 */
export async function createSigner(options: CreateSignerOptions): Promise<Signer> {
  const clock = options.clock ?? systemClock;
  const kind = resolveKind(options);
  const signer = await build(kind, options, clock);
  try {
    assertCertificateCurrent(signer.certificate, clock);
    await assertSignerMatchesCertificate(signer, signer.certificate);
  } catch (error) {
    await signer.close();
    throw error;
  }
  const description = signer.describe();
  if (description.productionReady)
    options.logger?.info({ signer: description }, `GOST signer: ${description.summary}`);
  else options.logger?.warn({ signer: description }, `GOST signer: ${description.summary}`);
  return signer;
}

function resolveKind(options: CreateSignerOptions): SignerKind {
  const allowDev = options.allowDevelopmentSigner ?? true;
  let kind: SignerKind;
  if (options.kind === 'auto') {
    kind = isGostEngineLoaded() ? 'engine' : 'js';
    if (kind === 'js' && allowDev)
      options.logger?.warn(
        'gost-engine is not loaded (libengine-gost-openssl missing or OPENSSL_CONF unset): falling back to the JavaScript signer',
      );
  } else kind = options.kind;
  if (kind === 'js' && !allowDev)
    throw new SignerUnavailableError(
      'the JavaScript GOST signer is for development only; load gost-engine or use the remote signer',
    );
  return kind;
}

async function build(kind: SignerKind, options: CreateSignerOptions, clock: Clock): Promise<CertifiedSigner> {
  switch (kind) {
    case 'engine':
      return EngineSigner.create(
        required(options.keyPem, 'keyPem'),
        readClientCertificate(required(options.certificatePem, 'certificatePem')),
      );
    case 'js':
      return JsSigner.create(
        required(options.keyPem, 'keyPem'),
        readClientCertificate(required(options.certificatePem, 'certificatePem')),
      );
    case 'openssl-cli':
      return OpensslCliSigner.create(
        options.keyPem,
        readClientCertificate(required(options.certificatePem, 'certificatePem')),
        options.openssl,
      );
    case 'remote':
      return RemoteSigner.create({
        ...required(options.remote, 'remote'),
        certificatePem: options.certificatePem?.toString(),
        clock,
        logger: options.logger,
      });
  }
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new SignerKeyUnsupportedError(`the signer configuration lacks ${name}`);
  return value;
}
