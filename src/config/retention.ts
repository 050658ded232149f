import { z } from 'zod';
import { entry, positiveInt } from './schema';

const retentionDays = z.coerce.number().int().min(0).max(3650);

/** How long personal data is kept (docs/personal-data.md) and how often the purge runs. */
export const retentionEntries = {
  retentionAccessRequestDays: entry({
    env: 'RETENTION_ACCESS_REQUEST_DAYS',
    description:
      'Days a resolved or rejected access request keeps its message, contact and name (then removed; docs/personal-data.md)',
    defaultText: '30',
    schema: retentionDays.default(30),
  }),
  retentionOutboxDays: entry({
    env: 'RETENTION_OUTBOX_DAYS',
    description: 'Days a delivered notice to a diary is kept (then deleted)',
    defaultText: '7',
    schema: retentionDays.default(7),
  }),
  retentionRevokedLinkDays: entry({
    env: 'RETENTION_REVOKED_LINK_DAYS',
    description:
      'Days a revoked link (and a conflict event) keeps the ESIA oid and diary account (then pseudonymised with PII_HMAC_KEY)',
    defaultText: '365',
    schema: retentionDays.default(365),
  }),
  retentionExemptionDays: entry({
    env: 'RETENTION_EXEMPTION_DAYS',
    description:
      'Days an expired or revoked exemption keeps its diary account and reason (then kept as audit without them)',
    defaultText: '90',
    schema: retentionDays.default(90),
  }),
  retentionPurgeIntervalMinutes: entry({
    env: 'RETENTION_PURGE_INTERVAL_MINUTES',
    description: 'How often each process runs the retention purge (the processes share the work)',
    defaultText: '60',
    schema: positiveInt.max(24 * 60).default(60),
  }),
} as const;
