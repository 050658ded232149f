import { z } from 'zod';

/** The API key the emulator accepts when COP_86_CREDENTIALS is unset: a public demo value, never a production one. */
export const COP_HMAO_DEMO_API_KEY = 'cop-86-demo-api-key';

/** Settings of one ЦОП ХМАО-Югры instance (`settings` in config/instances.json); defaults fit the demo. */
export const CopHmaoConfig = z
  .object({
    /** Base path of the platform's integration API. */
    apiPath: z.string().startsWith('/').default('/api/integration/v1'),
    /**
     * API key used when the instance's credential variable (COP_86_CREDENTIALS) is unset: the emulator's demo
     * key. Production sets the variable; the adapter warns loudly when it falls back.
     */
    demoApiKey: z.string().min(8).default(COP_HMAO_DEMO_API_KEY),
  })
  .strict();

/** Validated settings of a ЦОП ХМАО-Югры instance. */
export type CopHmaoConfig = z.infer<typeof CopHmaoConfig>;
