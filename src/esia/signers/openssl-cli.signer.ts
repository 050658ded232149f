import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClientCertificate } from './certificate';
import { describeSigner } from './describe';
import type { CertifiedSigner } from './certificate';
import type { SignerDescription } from './signer';
import { SigningFailedError, SigningTimeoutError } from './signer.errors';

/** Settings of the command-line signer; the engine config reaches openssl through OPENSSL_CONF like Node's. */
export interface OpensslCliSignerOptions {
  /** The openssl binary. */
  readonly opensslPath?: string;
  /** OpenSSL config that loads gost-engine; defaults to this process's OPENSSL_CONF. */
  readonly opensslConf?: string;
  /** Bound on one `openssl dgst` run (~6 ms normally). */
  readonly timeoutMs?: number;
  /** A key file to use as it is; otherwise the PEM is written to a private temporary directory. */
  readonly keyFile?: string;
}

/**
 * GOST through `openssl dgst -md_gost12_256 -sign`: one process a signature (~6 ms). A fallback for hosts where the
 * engine loads into the openssl tool but not into Node, and the reference the other signers are tested against.
 * `openssl dgst -sign` writes the raw EVP_PKEY_sign output, the same byte order as Node's crypto.sign.
 */
export class OpensslCliSigner implements CertifiedSigner {
  private constructor(
    private readonly keyFile: string,
    private readonly ownedDir: string | undefined,
    readonly certificate: ClientCertificate,
    private readonly options: Required<Omit<OpensslCliSignerOptions, 'keyFile' | 'opensslConf'>> & {
      opensslConf?: string;
    },
  ) {}

  /** Prepares the key file (mode 0600 in a fresh 0700 directory when given as PEM). */
  static async create(
    keyPem: string | Buffer | undefined,
    certificate: ClientCertificate,
    options: OpensslCliSignerOptions = {},
  ): Promise<OpensslCliSigner> {
    let keyFile = options.keyFile;
    let ownedDir: string | undefined;
    if (!keyFile) {
      if (keyPem === undefined)
        throw new SigningFailedError('the openssl signer needs a key file or the key PEM');
      ownedDir = await mkdtemp(path.join(os.tmpdir(), 'elg-signer-'));
      keyFile = path.join(ownedDir, 'client.key.pem');
      await writeFile(keyFile, keyPem, { mode: 0o600 });
    }
    return new OpensslCliSigner(keyFile, ownedDir, certificate, {
      opensslPath: options.opensslPath ?? 'openssl',
      opensslConf: options.opensslConf ?? process.env.OPENSSL_CONF,
      timeoutMs: options.timeoutMs ?? 5000,
    });
  }

  sign(data: Buffer): Promise<Buffer> {
    const { opensslPath, opensslConf, timeoutMs } = this.options;
    const args = ['dgst', '-md_gost12_256', '-binary', '-sign', this.keyFile];
    return new Promise<Buffer>((resolve, reject) => {
      const env = { ...process.env, ...(opensslConf ? { OPENSSL_CONF: opensslConf } : {}) };
      const child = spawn(opensslPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let settled = false;
      const finish = (error: Error | undefined, value?: Buffer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(value!);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish(new SigningTimeoutError(timeoutMs, 'openssl dgst -sign'));
      }, timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      // openssl may exit before reading stdin (bad key): the EPIPE is reported through 'close' instead.
      child.stdin.on('error', () => undefined);
      child.on('error', (cause) => finish(new SigningFailedError(`cannot run ${opensslPath}`, { cause })));
      child.on('close', (code) => {
        const signature = Buffer.concat(out);
        if (code === 0 && signature.length === 64) return finish(undefined, signature);
        const detail = Buffer.concat(err).toString('utf8').trim().split('\n').slice(0, 3).join(' | ');
        finish(
          new SigningFailedError(
            `openssl dgst -sign exited ${code} with ${signature.length} bytes: ${detail}`,
          ),
        );
      });
      child.stdin.end(data);
    });
  }

  certificateHash(): string {
    return this.certificate.hash;
  }

  describe(): SignerDescription {
    return describeSigner(
      'openssl-cli',
      `GOST R 34.10-2012 through the openssl command line (${this.options.opensslPath}, one process a signature)`,
      this.certificate,
    );
  }

  async close(): Promise<void> {
    if (this.ownedDir) await rm(this.ownedDir, { recursive: true, force: true });
  }
}
