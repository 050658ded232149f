import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flow D through a vendor's own queue: the vendor's id of a delivered request, when to ask it next about the
 * request (with a failure count for backoff), and who made the request in ESIA's terms (issuer + whether the
 * account was confirmed), so that a staff resolve naming a diary account can become a link (method 'operator').
 * `down` removes exactly what `up` adds.
 */
export class AccessRequestVendorSync1767000000000 implements MigrationInterface {
  readonly name = 'AccessRequestVendorSync1767000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of UP) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of DOWN) await q.query(statement);
  }
}

const UP = [
  `ALTER TABLE access_requests
    ADD COLUMN esia_issuer text,
    ADD COLUMN esia_confirmed boolean NOT NULL DEFAULT false,
    ADD COLUMN external_id text CHECK (external_id <> ''),
    ADD COLUMN vendor_next_poll_at timestamptz,
    ADD COLUMN vendor_synced_at timestamptz,
    ADD COLUMN vendor_poll_failures integer NOT NULL DEFAULT 0 CHECK (vendor_poll_failures >= 0),
    ADD COLUMN link_id uuid REFERENCES links (id)`,
  // Only open requests the vendor holds are ever polled: the index stays as small as the vendor's open queue.
  `CREATE INDEX access_requests_vendor_poll_idx ON access_requests (vendor_next_poll_at)
    WHERE status = 'open' AND external_id IS NOT NULL`,
];

// Dropping a column drops its CHECK and foreign key constraints with it.
const DOWN = [
  'DROP INDEX access_requests_vendor_poll_idx',
  `ALTER TABLE access_requests
    DROP COLUMN link_id,
    DROP COLUMN vendor_poll_failures,
    DROP COLUMN vendor_synced_at,
    DROP COLUMN vendor_next_poll_at,
    DROP COLUMN external_id,
    DROP COLUMN esia_confirmed,
    DROP COLUMN esia_issuer`,
];
