import { z } from 'zod';
import { entry, positiveInt } from './schema';

/** The cutover policy as the processes hold it, and how often a diary may ask for a password decision. */
export const policyEntries = {
  policyCacheMaxAgeMs: entry({
    env: 'POLICY_CACHE_MAX_AGE_MS',
    description:
      'Longest a process decides on a cached cutover policy without reloading it (the bound when pub/sub is down)',
    defaultText: '5000',
    schema: z.coerce.number().int().min(100).max(60000).default(5000),
  }),
  decisionLimitPerInstance: entry({
    env: 'DECISION_LIMIT_PER_INSTANCE',
    description: 'Password decisions a diary instance may ask for per minute (then 429 with Retry-After)',
    defaultText: '60000',
    schema: positiveInt.default(60000),
  }),
  decisionLimitPerLogin: entry({
    env: 'DECISION_LIMIT_PER_LOGIN',
    description: 'Password decisions about one diary account per minute (then 429 with Retry-After)',
    defaultText: '30',
    schema: positiveInt.default(30),
  }),
} as const;
