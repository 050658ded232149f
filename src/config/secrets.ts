import { z } from 'zod';
import { entry, positiveInt, type CheckContext, type Values } from './schema';

// Development-only key material: loud at start, refused in production.
const DEV_SECRET = 'development-only-session-secret-change-me';
const DEV_KEY = Buffer.alloc(32, 7).toString('base64');
const DEV_KEY_BYTES = Buffer.from(DEV_KEY, 'base64');

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'expected 32 bytes in base64' })
  .transform((v) => Buffer.from(v, 'base64'));

/** The session cookie (its signing secrets and idle time) and the keys that guard personal data at rest. */
export const secretsEntries = {
  sessionSecret: entry({
    env: 'SESSION_SECRET',
    description: 'Secret that signs session cookies; comma-separated to rotate (the first signs)',
    defaultText: '(development value)',
    unsafeDefaultInProduction: true,
    schema: z
      .string()
      .default(DEV_SECRET)
      .transform((v) => v.split(',').map((s) => s.trim()))
      .refine((list) => list.every((s) => s.length >= 32), {
        message: 'each secret needs 32 characters or more',
      }),
  }),
  sessionIdleMinutes: entry({
    env: 'SESSION_IDLE_MINUTES',
    description: 'A session ends after this many minutes without a request',
    defaultText: '30',
    schema: positiveInt.max(24 * 60).default(30),
  }),
  piiHmacKey: entry({
    env: 'PII_HMAC_KEY',
    description:
      'Key (32 bytes, base64) of the keyed hash (HMAC-SHA256) that pseudonymises ESIA oids and diary accounts',
    defaultText: '(development value)',
    unsafeDefaultInProduction: true,
    schema: base64Key.prefault(DEV_KEY),
  }),
  piiEncryptionKey: entry({
    env: 'PII_ENCRYPTION_KEY',
    description: 'Key (32 bytes, base64) of AES-256-GCM for the personal data that must be shown again',
    defaultText: '(development value)',
    unsafeDefaultInProduction: true,
    schema: base64Key.prefault(DEV_KEY),
  }),
  credentialEncryptionKey: entry({
    env: 'CREDENTIAL_ENCRYPTION_KEY',
    description: 'Key (32 bytes, base64) of AES-256-GCM that seals vendor HMAC secrets at rest',
    defaultText: '(development value)',
    unsafeDefaultInProduction: true,
    schema: base64Key.prefault(DEV_KEY),
  }),
} as const;

/**
 * Production refuses the development secret and keys even when written out; left unset they are already
 * refused as missing.
 */
export function secretsProblems(p: Values<typeof secretsEntries>, { production, given }: CheckContext) {
  if (!production) return [];
  const problems: string[] = [];
  const devValue =
    'invalid: production refuses the development value (it is in the source for anyone to read)';
  if (given('SESSION_SECRET') && p.sessionSecret.includes(DEV_SECRET))
    problems.push(`SESSION_SECRET: ${devValue}`);
  for (const [name, key] of [
    ['PII_HMAC_KEY', p.piiHmacKey],
    ['PII_ENCRYPTION_KEY', p.piiEncryptionKey],
    ['CREDENTIAL_ENCRYPTION_KEY', p.credentialEncryptionKey],
  ] as const)
    if (given(name) && key.equals(DEV_KEY_BYTES)) problems.push(`${name}: ${devValue}`);
  return problems;
}
