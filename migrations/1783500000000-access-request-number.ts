import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The number a person and the school quote for a request the gateway's own staff queue keeps: «ЗД-86-000001»,
 * the region and a count per region, as ЦОП ХМАО-Югры numbers the requests of its own queue (a request handed to
 * a vendor's queue is quoted by the vendor's number, `external_id`). Unique; null for requests made before this
 * migration and for those a vendor numbers. `down` removes exactly what `up` adds.
 */
export class AccessRequestNumber1783500000000 implements MigrationInterface {
  readonly name = 'AccessRequestNumber1783500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE access_requests ADD COLUMN number text
         CONSTRAINT access_requests_number_format CHECK (number ~ '^ЗД-[0-9A-Za-z]+-[0-9]{6,}$')`,
    );
    await q.query('CREATE UNIQUE INDEX access_requests_number_uq ON access_requests (number)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX access_requests_number_uq');
    await q.query('ALTER TABLE access_requests DROP COLUMN number');
  }
}
