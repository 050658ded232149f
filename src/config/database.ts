import { z } from 'zod';
import { parseDatabaseUrl } from './database-address';
import { entry, port, positiveInt, type CheckContext, type Values } from './schema';

// libpq's multi-host form (postgres://u@primary:5432,standby:5432/db?target_session_attrs=read-write), which
// WHATWG URL refuses: src/config/database-address.ts reads it, and its reason becomes the problem shown.
const databaseUrl = z.string().superRefine((v, ctx) => {
  try {
    parseDatabaseUrl(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

/** PostgreSQL: the server (or servers) to use, or the embedded one a developer's machine starts. */
export const databaseEntries = {
  databaseUrl: entry({
    env: 'DATABASE_URL',
    description:
      'PostgreSQL connection URL; several hosts (h1:5432,h2:5432) with target_session_attrs=read-write follow a failover to the primary; when absent, an embedded PostgreSQL is started (development only)',
    schema: databaseUrl.optional(),
  }),
  databasePoolMax: entry({
    env: 'DATABASE_POOL_MAX',
    description: 'Maximum PostgreSQL connections per process',
    defaultText: '10',
    schema: positiveInt.max(200).default(10),
  }),
  embeddedPgDir: entry({
    env: 'EMBEDDED_PG_DIR',
    description: 'Data folder of the embedded PostgreSQL, kept between runs',
    defaultText: '.data/postgres',
    schema: z.string().min(1).default('.data/postgres'),
  }),
  embeddedPgPort: entry({
    env: 'EMBEDDED_PG_PORT',
    description: 'TCP port of the embedded PostgreSQL (127.0.0.1 only)',
    defaultText: '54329',
    schema: port.default(54329),
  }),
} as const;

/** Production refuses the embedded PostgreSQL. */
export const databaseProblems = (p: Values<typeof databaseEntries>, { production }: CheckContext) =>
  production && !p.databaseUrl ? ['DATABASE_URL: missing: production refuses the embedded PostgreSQL'] : [];
