/**
 * The variables that fall back to a development value outside production (the demo's secrets, keys and ESIA
 * client), in the README table's order: the start-up warning names them, and production refuses each of them
 * given its demo value. Written out here rather than read from src/config/, so that the tests that use it
 * (readable-logs, process-lifecycle, config) fail when a variable is added to or dropped from that set.
 */
export const DEVELOPMENT_VALUE_VARIABLES = [
  'SESSION_SECRET',
  'PII_HMAC_KEY',
  'PII_ENCRYPTION_KEY',
  'CREDENTIAL_ENCRYPTION_KEY',
  'ESIA_BASE_URL',
  'ESIA_CLIENT_ID',
  'ESIA_CLIENT_KEY_FILE',
  'ESIA_CLIENT_CERT_FILE',
  'ESIA_CERTIFICATE_FILES',
] as const;
