/**
 * The configuration, one file per area (http, database, redis, secrets, runtime, policy, retention, emulators,
 * esia, oidc) assembled and validated by load-config.ts; what the rest of the gateway imports as '../config'.
 */
export { configEntries, loadConfig, type Config, type ConfigResult } from './load-config';
export { DEFAULT_ESIA_SCOPES } from './esia';
export { renderConfigReference } from './reference';
export type { ConfigFileReader } from './schema';
