import { z } from 'zod';

/**
 * The extension's HMAC secret the adapter signs with when COP_86_CREDENTIALS is unset: a public demo value the
 * emulator accepts, never a production one.
 */
export const COP_HMAO_DEMO_API_KEY = 'cop-86-demo-api-key';

/** ЭлЖур's developer key the emulator accepts (a demo value: a real one is issued to the integrator by ЭлЖур). */
export const COP_HMAO_DEMO_DEVKEY = '3c9e1a8f2d4b6e7a9c0d1f2e3a4b5c6d';

const HmacAuth = z.strictObject({
  type: z.literal('hmac'),
  /** The key id the platform issued to the gateway; the secret is the instance's credential variable. */
  keyId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  /** Demo only: the secret used when the credential variable is unset; production refuses it. */
  demoSecret: z.string().min(8).optional(),
});

const MtlsAuth = z.strictObject({
  type: z.literal('mtls'),
  /** The gateway's client certificate (PEM file); its private key is the credential variable (PEM or a path). */
  certFile: z.string().min(1),
  /** The CA of the platform's server certificate, when it is not a public one. */
  caFile: z.string().min(1).optional(),
});

/**
 * Where the platform deploys the published diary API (docs/diary-api.openapi.json) for what ЭлЖур's own API
 * lacks, and how the gateway authenticates there: the same two ways as the diary-api adapter.
 */
const Extension = z.strictObject({
  apiPath: z
    .string()
    .regex(/^\/[A-Za-z0-9._/-]*$/)
    .default('/elg/v1'),
  auth: z
    .discriminatedUnion('type', [HmacAuth, MtlsAuth])
    .default({ type: 'hmac', keyId: 'demo-cop-86', demoSecret: COP_HMAO_DEMO_API_KEY }),
});

/** Settings of one ЦОП ХМАО-Югры instance (`settings` in config/instances.json); defaults fit the demo. */
export const CopHmaoConfig = z
  .strictObject({
    /** Path of ЭлЖур's own API below the instance's base URL (`apiv3`; older clients use `api`). */
    apiPath: z.string().startsWith('/').default('/apiv3'),
    /**
     * ЭлЖур's developer key, sent as `devkey` in every apiv3 call's query string (so it lands in access logs:
     * it names the application, it is no secret; public clients publish theirs).
     */
    devkey: z.string().min(8).default(COP_HMAO_DEMO_DEVKEY),
    /**
     * Whether the instance checks diary passwords (apiv3 `auth`). Off for ЦОП ХМАО-Югры, whose sign-in is
     * through Госуслуги; an ЭлЖур host that keeps passwords turns it on and names its `vendor`.
     */
    passwordLogin: z.boolean().default(false),
    /** The ЭлЖур `vendor` (school subdomain) the password check signs in at; needed with passwordLogin. */
    vendor: z.string().min(1).optional(),
    extension: Extension.default({
      apiPath: '/elg/v1',
      auth: { type: 'hmac', keyId: 'demo-cop-86', demoSecret: COP_HMAO_DEMO_API_KEY },
    }),
  })
  .refine((c) => !c.passwordLogin || c.vendor, {
    message: 'passwordLogin needs the ЭлЖур vendor the password check signs in at',
    path: ['vendor'],
  });

/** Validated settings of a ЦОП ХМАО-Югры instance. */
export type CopHmaoConfig = z.infer<typeof CopHmaoConfig>;
