import type { QueryRunner } from 'typeorm';
import { ActivityCounts1783000000000 } from '../../migrations/1783000000000-activity-counts';
import { ACTIVITY_KINDS, ACTIVITY_LABELS, countNothing } from '../../src/core/activity';

describe('what the operators’ console counts', () => {
  it('the kinds are stable names: exactly those activity_counts accepts (its migration spells them out)', async () => {
    // A new kind needs a migration that widens the CHECK: this test then reads that one.
    const statements: string[] = [];
    const runner = { query: async (sql: string) => void statements.push(sql) };
    await new ActivityCounts1783000000000().up(runner as unknown as QueryRunner);
    const check = /CHECK \(kind IN \(([^)]*)\)\)/.exec(statements.join('\n'));
    const accepted = check![1]!.split(',').map((k) => k.trim().replace(/^'(.*)'$/, '$1'));
    expect(ACTIVITY_KINDS).toEqual(accepted);
    expect(ACTIVITY_KINDS).toContain('sign_in_password_decision');
  });

  it('every kind has its own label in the operators’ words, in Russian', () => {
    expect(Object.keys(ACTIVITY_LABELS)).toEqual([...ACTIVITY_KINDS]);
    const labels = Object.values(ACTIVITY_LABELS);
    for (const label of labels) expect(label).toMatch(/^[а-яё][а-яёА-ЯЁ ()]*[а-яё)]$/u);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('the ways in are told apart: ESIA, the regional sign-in, and the two password paths', () => {
    expect(ACTIVITY_LABELS.sign_in_esia).toMatch(/Госуслуги/u);
    expect(ACTIVITY_LABELS.sign_in_oidc).toMatch(/региональную систему входа/u);
    expect(ACTIVITY_LABELS.sign_in_password_form).toMatch(/форму шлюза/u);
    expect(ACTIVITY_LABELS.sign_in_password_decision).toMatch(/решение для дневника/u);
  });

  it('counting nothing accepts every kind, with or without a diary instance, and gives nothing back', () => {
    for (const kind of ACTIVITY_KINDS) {
      expect(countNothing(kind, 'dnevnik-86')).toBeUndefined();
      expect(countNothing(kind, null)).toBeUndefined();
    }
  });
});
