import { z } from 'zod';
import { entry, positiveInt } from './schema';

/**
 * The running process: its log, the largest request, how it shuts down, the tenant files it loads and how
 * long it holds an outbox row it claimed.
 */
export const runtimeEntries = {
  logLevel: entry({
    env: 'LOG_LEVEL',
    description: 'fatal, error, warn, info, debug, trace or silent',
    defaultText: 'info',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }),
  heapGrowingPercent: entry({
    env: 'HEAP_GROWING_PERCENT',
    description:
      "How far V8 lets the heap grow past what its last full collection kept before it collects again, in percent; lower holds the RSS down with more frequent full collections (0: V8's own choice, which let a decision load's RSS reach 250 MB)",
    defaultText: '30',
    schema: z.coerce.number().int().min(0).max(400).default(30),
  }),
  bodyLimit: entry({
    env: 'BODY_LIMIT_BYTES',
    description: 'Largest request body accepted, in bytes',
    defaultText: '65536',
    schema: positiveInt.max(10 * 1024 * 1024).default(65536),
  }),
  shutdownTimeoutMs: entry({
    env: 'SHUTDOWN_TIMEOUT_MS',
    description: 'On SIGTERM, how long in-flight requests may take before the process exits anyway',
    defaultText: '10000',
    schema: positiveInt.max(120000).default(10000),
  }),
  shutdownGraceMs: entry({
    env: 'SHUTDOWN_GRACE_MS',
    description:
      'On SIGTERM, how long to keep serving while /readyz says draining, so the load balancer takes the process out',
    defaultText: '3000',
    schema: z.coerce.number().int().min(0).max(60000).default(3000),
  }),
  configDir: entry({
    env: 'CONFIG_DIR',
    description: 'Folder with tenants.json and instances.json, loaded into PostgreSQL at start',
    defaultText: 'config',
    schema: z.string().min(1).default('config'),
  }),
  outboxLeaseMs: entry({
    env: 'OUTBOX_LEASE_MS',
    description:
      'How long an outbox row claimed by a process stays hidden from the others: after a crash, another process delivers it once this has passed (at least 6000, above the 5 s vendor timeout)',
    defaultText: '60000',
    schema: z.coerce.number().int().min(6000).max(3_600_000).default(60_000),
  }),
} as const;
