import { z } from 'zod';
import { DEMO_ESIA_CLIENT_ID, holdsShippedKey } from '../demo-material';
import { publicAddressProblem } from './public-address';
import { commaList, entry, positiveInt, url, type CheckContext, type Values } from './schema';

/**
 * What the flows read of ESIA, and nothing more (152-FZ): openid (the sign-in, the oid), fullname (names shown,
 * the link's name check), birthdate (the link's check against the school record), snils (school-record
 * matching, the link's and the access request's checks). No flow reads gender, e-mail, phone or children, so
 * they are asked for only when ESIA_SCOPES adds them.
 */
export const DEFAULT_ESIA_SCOPES = 'openid fullname birthdate snils';

/** ESIA: its address, our registration and keys, the signer, the certificates we trust and what we ask for. */
export const esiaEntries = {
  esiaBaseUrl: entry({
    env: 'ESIA_BASE_URL',
    description:
      'ESIA address: production https://esia.gosuslugi.ru, test https://esia-portal1.test.gosuslugi.ru; the default is the demo emulator',
    defaultText: 'http://127.0.0.1:7010',
    unsafeDefaultInProduction: true,
    schema: url(['http:', 'https:'])
      .default('http://127.0.0.1:7010')
      .transform((v) => v.replace(/\/+$/, '')),
  }),
  esiaIssuer: entry({
    env: 'ESIA_ISSUER',
    description:
      'Exact iss of ESIA tokens (http and the trailing slash); the test host issues http://esia-portal1.test.gosuslugi.ru/',
    defaultText: 'http://esia.gosuslugi.ru/',
    schema: z.string().min(1).default('http://esia.gosuslugi.ru/'),
  }),
  esiaClientId: entry({
    env: 'ESIA_CLIENT_ID',
    description: `Mnemonic of this system registered at ESIA (the demo emulator knows ${DEMO_ESIA_CLIENT_ID})`,
    defaultText: DEMO_ESIA_CLIENT_ID,
    unsafeDefaultInProduction: true,
    schema: z.string().min(1).default(DEMO_ESIA_CLIENT_ID),
  }),
  esiaClientKeyFile: entry({
    env: 'ESIA_CLIENT_KEY_FILE',
    description: 'PKCS#8 PEM of the GOST 2012/256 client key (engine, js and openssl-cli signers)',
    defaultText: 'config/dev-keys/client.key.pem',
    unsafeDefaultInProduction: true,
    schema: z.string().min(1).default('config/dev-keys/client.key.pem'),
  }),
  esiaClientCertFile: entry({
    env: 'ESIA_CLIENT_CERT_FILE',
    description:
      'PEM of the client certificate registered at ESIA (its Streebog hash is client_certificate_hash)',
    defaultText: 'config/dev-keys/client.crt.pem',
    unsafeDefaultInProduction: true,
    schema: z.string().min(1).default('config/dev-keys/client.crt.pem'),
  }),
  esiaSigner: entry({
    env: 'ESIA_SIGNER',
    description:
      'auto (gost-engine, else the JavaScript fallback), engine, openssl-cli, remote or js (development only)',
    defaultText: 'auto',
    schema: z.enum(['auto', 'engine', 'openssl-cli', 'remote', 'js']).default('auto'),
  }),
  esiaSignerUrl: entry({
    env: 'ESIA_SIGNER_URL',
    description: 'Base URL of the remote signing service (ESIA_SIGNER=remote)',
    schema: url(['http:', 'https:']).optional(),
  }),
  esiaSignerKeyId: entry({
    env: 'ESIA_SIGNER_KEY_ID',
    description: 'Key the remote signing service signs with',
    schema: z.string().min(1).optional(),
  }),
  esiaSignerClientId: entry({
    env: 'ESIA_SIGNER_CLIENT_ID',
    description: 'Our identity at the remote signing service',
    schema: z.string().min(1).optional(),
  }),
  esiaSignerSecret: entry({
    env: 'ESIA_SIGNER_SECRET',
    description: 'HMAC secret shared with the remote signing service',
    schema: z.string().min(16).optional(),
  }),
  esiaCertificateFiles: entry({
    env: 'ESIA_CERTIFICATE_FILES',
    description:
      "Comma-separated PEM files of ESIA's token certificates; list the old and the new one during a rotation",
    defaultText: 'the demo emulator certificates',
    unsafeDefaultInProduction: true,
    schema: z
      .string()
      .default(
        'emulators/fixtures/keys/esia-gost-2026.crt.pem,emulators/fixtures/keys/esia-gost-2027.crt.pem,emulators/fixtures/keys/esia-rsa-2026.crt.pem',
      )
      .transform(commaList)
      .refine((list) => list.length > 0, { message: 'at least one certificate file' }),
  }),
  esiaScopes: entry({
    env: 'ESIA_SCOPES',
    description:
      'Space-separated scopes requested: by default only what the flows read (README, ESIA settings); each must be approved for the client at ESIA',
    defaultText: DEFAULT_ESIA_SCOPES,
    schema: z
      .string()
      .default(DEFAULT_ESIA_SCOPES)
      .transform((v) => v.trim().split(/\s+/).join(' '))
      .refine((v) => v.split(' ').includes('openid'), { message: 'must include openid' }),
  }),
  esiaAccessType: entry({
    env: 'ESIA_ACCESS_TYPE',
    description: 'online (no refresh token) or offline',
    defaultText: 'online',
    schema: z.enum(['online', 'offline']).default('online'),
  }),
  esiaTokenAlg: entry({
    env: 'ESIA_TOKEN_ALG',
    description: "Algorithm ESIA signs this client's tokens with; any other is refused",
    defaultText: 'GOST3410_2012_256',
    schema: z.enum(['GOST3410_2012_256', 'RS256']).default('GOST3410_2012_256'),
  }),
  esiaTimeoutMs: entry({
    env: 'ESIA_TIMEOUT_MS',
    description: 'Bound on one HTTP request to ESIA (token exchange, person data)',
    defaultText: '5000',
    schema: positiveInt.max(60000).default(5000),
  }),
} as const;

type Esia = Values<typeof esiaEntries>;

/** A remote signer needs its address and credentials; production needs real ESIA material, not the demo's. */
export function esiaProblems(p: Esia, context: CheckContext): string[] {
  const problems: string[] = [];
  if (p.esiaSigner === 'remote')
    for (const [name, value] of [
      ['ESIA_SIGNER_URL', p.esiaSignerUrl],
      ['ESIA_SIGNER_KEY_ID', p.esiaSignerKeyId],
      ['ESIA_SIGNER_CLIENT_ID', p.esiaSignerClientId],
      ['ESIA_SIGNER_SECRET', p.esiaSignerSecret],
    ] as const)
      if (!value) problems.push(`${name}: missing: ESIA_SIGNER=remote needs it`);
  if (context.production && p.esiaSigner === 'js')
    problems.push('ESIA_SIGNER: invalid: production refuses the JavaScript signer');
  if (context.production) problems.push(...demoEsiaProblems(p, context));
  return problems;
}

/**
 * Production refuses the demo by value, whether defaulted or written out: the demo client, the keys and
 * certificates the repository ships (by fingerprint, wherever the file lies) and a plain-http or loopback ESIA.
 */
function demoEsiaProblems(p: Esia, { given, readFile }: CheckContext): string[] {
  const problems: string[] = [];
  if (given('ESIA_CLIENT_ID') && p.esiaClientId === DEMO_ESIA_CLIENT_ID)
    problems.push(
      `ESIA_CLIENT_ID: invalid: ${DEMO_ESIA_CLIENT_ID} is the demo emulator's client; production needs the mnemonic registered at ESIA`,
    );
  const shipped = (files: readonly string[]) =>
    files.filter((file) => {
      const text = readFile(file);
      return text !== undefined && holdsShippedKey(text);
    });
  for (const [name, files] of [
    ['ESIA_CLIENT_KEY_FILE', [p.esiaClientKeyFile]],
    ['ESIA_CLIENT_CERT_FILE', [p.esiaClientCertFile]],
    ['ESIA_CERTIFICATE_FILES', p.esiaCertificateFiles],
  ] as const) {
    const found = given(name) ? shipped(files) : [];
    if (found.length)
      problems.push(
        `${name}: invalid: ${found.join(', ')} ${found.length > 1 ? 'hold' : 'holds'} a key or certificate that the repository ships (development only, public)`,
      );
  }
  const address = given('ESIA_BASE_URL') && publicAddressProblem('ESIA_BASE_URL', p.esiaBaseUrl);
  if (address) problems.push(address);
  return problems;
}
