import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each diary instance's vendor settings (`settings` in config/instances.json), validated by its adapter's own
 * schema when the adapter is built. A JSON object, never a secret: credentials stay in the environment
 * variable `credentials_ref` names. `down` removes exactly what `up` adds.
 */
export class DiaryInstanceSettings1781000000000 implements MigrationInterface {
  readonly name = 'DiaryInstanceSettings1781000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE diary_instances
        ADD COLUMN settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE diary_instances DROP COLUMN settings');
  }
}
