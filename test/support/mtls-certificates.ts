import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEljurEmulator, type EljurEmulator } from '../../emulators/diary-api/diary-api-emulator.server';

/** PEM files for a mutual-TLS test: a CA, a server certificate for 127.0.0.1, a client it signed, and a stranger. */
export interface MtlsFiles {
  /** Absolute path of one of ca.crt, server.crt/.key, client.crt/.key, stranger.crt/.key (self-signed). */
  file(name: string): string;
  pem(name: string): string;
  remove(): void;
}

/** Makes the certificates with Debian's openssl (P-256, two days), in a temporary folder. */
export function makeMtlsFiles(): MtlsFiles {
  const dir = mkdtempSync(join(tmpdir(), 'diary-api-mtls-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { stdio: 'pipe', env: { ...process.env, OPENSSL_CONF: '/dev/null' } });
  const key = (name: string) =>
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file(name));
  key('ca.key');
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    file('ca.key'),
    '-subj',
    '/CN=test diary CA',
    '-days',
    '2',
    '-out',
    file('ca.crt'),
  );
  for (const [name, cn] of [
    ['server', '127.0.0.1'],
    ['client', 'gateway'],
    ['stranger', 'gateway'],
  ] as const) {
    key(`${name}.key`);
    openssl('req', '-new', '-key', file(`${name}.key`), '-subj', `/CN=${cn}`, '-out', file(`${name}.csr`));
    writeFileSync(
      file(`${name}.ext`),
      name === 'server' ? 'subjectAltName=IP:127.0.0.1\n' : 'extendedKeyUsage=clientAuth\n',
    );
    const signer =
      name === 'stranger'
        ? ['-signkey', file('stranger.key')]
        : ['-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial'];
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      ...signer,
      '-days',
      '2',
      '-extfile',
      file(`${name}.ext`),
      '-out',
      file(`${name}.crt`),
    );
  }
  return {
    file,
    pem: (name) => readFileSync(file(name), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The reference diary-API emulator served over mutual TLS with fresh certificates, for the `describe` it is
 * called in: started before its tests, stopped and its certificates deleted after. Read `files` and `emulator`
 * inside the tests (they are set by then).
 */
export function useMtlsDiaryApiEmulator(): { readonly files: MtlsFiles; readonly emulator: EljurEmulator } {
  const state = {} as { files: MtlsFiles; emulator: EljurEmulator };
  beforeAll(async () => {
    state.files = makeMtlsFiles();
    state.emulator = await startEljurEmulator({
      port: 0,
      tls: {
        cert: state.files.pem('server.crt'),
        key: state.files.pem('server.key'),
        clientCa: state.files.pem('ca.crt'),
      },
    });
  });
  afterAll(async () => {
    await state.emulator?.close();
    state.files?.remove();
  });
  return state;
}
