import { z } from 'zod';
import { extensionSettings } from '../diary-api/diary-api.config';

/**
 * DEVELOPMENT ONLY: the demo application secret (`clientSecret` of `POST …/authorizations/bycredentials`) and
 * the demo HMAC secret of the extension, which the emulator accepts. Used when the instance's credential
 * variable is unset; production refuses both (index.ts demoCredentials).
 */
export const DNEVNIK_DEMO_CLIENT_SECRET = 'dnevnik-demo-client-secret-0000000000';
export const DNEVNIK_DEMO_EXTENSION_SECRET = 'dnevnik-demo-extension-secret-00000000000000';
/** The demo application and extension key ids (not secrets: they name what the secrets belong to). */
export const DNEVNIK_DEMO_CLIENT_ID = 'elg-dnevnik-demo-client';
export const DNEVNIK_DEMO_EXTENSION_KEY_ID = 'elg-dnevnik-demo';

const path = z.string().regex(/^\/[A-Za-z0-9._/-]*$/);

/**
 * The extension Дневник.ру deploys for what its own API does not offer (link notices, reads by an arbitrary
 * user id without that user's token): the published diary API (docs/diary-api.openapi.json), signed as for any
 * diary of that API (adapters/diary-api): diary-api's one `extension` schema, plus where it is served.
 */
const Extension = extensionSettings({
  type: 'hmac',
  keyId: DNEVNIK_DEMO_EXTENSION_KEY_ID,
  demoSecret: DNEVNIK_DEMO_EXTENSION_SECRET,
}).extend({
  /** Where the extension is served; the instance's baseUrl when left out. */
  url: z.url().optional(),
});

/**
 * Settings of one Дневник.ру instance (`settings` in config/instances.json); an unknown key (a typo) is refused.
 * The API host (api.dnevnik.ru) is not the web host (dnevnik.ru): each has its own setting, and both default
 * to the instance's baseUrl, where the demo's emulator serves both.
 */
export const DnevnikConfig = z.strictObject({
  /** The REST API's host, e.g. https://api.dnevnik.ru; the instance's baseUrl when left out. */
  apiUrl: z.url().optional().describe('Host of the vendor REST API (https://api.dnevnik.ru)'),
  /** Where people sign in and manage their account, e.g. https://dnevnik.ru; never used for API calls. */
  webUrl: z
    .url()
    .optional()
    .describe('Web host of the diary (https://dnevnik.ru), for people, never for API calls'),
  /** Path prefix of the REST API. */
  apiPrefix: path.default('/v2').describe('Path prefix of the vendor REST API'),
  /** The password authorization of an application (alllexey123/dnevnik-mobile-api DnevnikApi.java). */
  credentialsPath: path
    .default('/mobile/v8.5/authorizations/bycredentials')
    .describe('Path of the password authorization (bycredentials) below apiUrl'),
  /** The application's id at Дневник.ру; its secret is the credential variable (see README.md). */
  clientId: z.string().min(1).default(DNEVNIK_DEMO_CLIENT_ID),
  /** The scopes the application asks a user's token for: the gateway reads only the user's own profile. */
  scope: z.string().min(1).default('CommonInfo'),
  /** Off: a missing credential variable is an error instead of the demo secrets. */
  allowDemoCredentials: z.boolean().default(true),
  extension: Extension.default({
    apiPath: '/elg/v1',
    auth: { type: 'hmac', keyId: DNEVNIK_DEMO_EXTENSION_KEY_ID, demoSecret: DNEVNIK_DEMO_EXTENSION_SECRET },
  }),
});

/** Parsed settings of a Дневник.ру instance. */
export type DnevnikConfig = z.infer<typeof DnevnikConfig>;

/**
 * The instance's credential variable: the application's `clientSecret`, and the extension's HMAC secret (or,
 * with mutual TLS, its client key), as `{"clientSecret": "…", "extensionSecret": "…"}`.
 */
export const DnevnikCredential = z.strictObject({
  clientSecret: z.string().min(1),
  extensionSecret: z.string().min(1),
});
export type DnevnikCredential = z.infer<typeof DnevnikCredential>;

/** The demo credential as the variable would hold it: what production refuses. */
export const DNEVNIK_DEMO_CREDENTIAL = JSON.stringify({
  clientSecret: DNEVNIK_DEMO_CLIENT_SECRET,
  extensionSecret: DNEVNIK_DEMO_EXTENSION_SECRET,
});
