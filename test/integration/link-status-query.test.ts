import type { DataSource } from 'typeorm';
import { applyBootstrapConfig, readBootstrapConfig } from '../../src/store/bootstrap-config';
import { LINK_STATUS_BATCH, linkStatusQuery } from '../../src/store/link-status.query';
import { LinksRepository } from '../../src/store/links.repository';
import { fromRoot } from '../../src/paths';
import { linkAccount } from '../support/links';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The password decision's `linked` query on a real PostgreSQL (issue 11): lookups asked in one turn of the event
 * loop go out as one query per diary instance, and each still gets its own account's answer. The database is
 * wrapped only to count the queries it is sent.
 */

let db: TestDatabase;
let links: LinksRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  await applyBootstrapConfig(db.dataSource, await readBootstrapConfig(fromRoot('config')));
  links = new LinksRepository(db.dataSource);
});
afterAll(async () => {
  await db?.drop();
});

const link = (instanceId: string, userId: string) =>
  linkAccount(links, { instanceId, userId, oid: `oid-${instanceId}-${userId}` });

async function revoke(linkId: string, instanceId: string, userId: string) {
  const at = new Date();
  expect(
    await links.revoke({ linkId, instanceId, userId, reason: 'user', actor: 'test', at, notify: false }),
  ).toBe(true);
}

/** The real data source, with the queries it was sent counted. */
function counted(): { dataSource: Pick<DataSource, 'query'>; queries: () => number } {
  let queries = 0;
  return {
    dataSource: {
      query: (sql: string, parameters?: unknown[]) => {
        queries++;
        return db.dataSource.query(sql, parameters);
      },
    },
    queries: () => queries,
  };
}

describe('the linked query', () => {
  it('answers lookups asked together with one query per instance, each with its own account', async () => {
    await link('dnevnik-86', 'batch-linked');
    await link('cop-86', 'batch-other-instance');
    const revoked = await link('dnevnik-86', 'batch-revoked');
    await revoke(revoked.id, 'dnevnik-86', 'batch-revoked');

    const { dataSource, queries } = counted();
    const isLinked = linkStatusQuery(dataSource);
    const asked: Array<[string, string, boolean]> = [
      ['dnevnik-86', 'batch-linked', true],
      ['dnevnik-86', 'batch-revoked', false],
      ['dnevnik-86', 'batch-never', false],
      // Linked in the other instance only: answered per instance, never across.
      ['dnevnik-86', 'batch-other-instance', false],
      ['cop-86', 'batch-other-instance', true],
      ['cop-86', 'batch-linked', false],
      // The same account twice in one turn: both get the answer.
      ['dnevnik-86', 'batch-linked', true],
    ];
    const answers = await Promise.all(asked.map(([instanceId, userId]) => isLinked(instanceId, userId)));

    expect(answers).toEqual(asked.map(([, , linked]) => linked));
    expect(queries()).toBe(2);
  });

  it('sends a turn larger than one batch as several queries, all answered', async () => {
    await link('dnevnik-86', 'many-7');
    const { dataSource, queries } = counted();
    const isLinked = linkStatusQuery(dataSource);
    const count = LINK_STATUS_BATCH * 2 + 1;
    const answers = await Promise.all(
      Array.from({ length: count }, (_, i) => isLinked('dnevnik-86', `many-${i}`)),
    );

    expect(queries()).toBe(3);
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(answers[7]).toBe(true);
  });

  it('asks anew in each turn: a revocation between two lookups is seen by the second', async () => {
    const row = await link('dnevnik-86', 'turns');
    const { dataSource, queries } = counted();
    const isLinked = linkStatusQuery(dataSource);

    expect(await isLinked('dnevnik-86', 'turns')).toBe(true);
    await revoke(row.id, 'dnevnik-86', 'turns');
    expect(await isLinked('dnevnik-86', 'turns')).toBe(false);
    expect(queries()).toBe(2);
  });

  it('fails only the lookups of a failed query, and the next turn is asked again', async () => {
    await link('cop-86', 'after-failure');
    let failNext = true;
    const isLinked = linkStatusQuery({
      query: (sql: string, parameters?: unknown[]) => {
        if (failNext && (parameters as unknown[])[0] === 'dnevnik-86') {
          failNext = false;
          return Promise.reject(new Error('connection lost'));
        }
        return db.dataSource.query(sql, parameters);
      },
    });

    const [failed, other] = await Promise.allSettled([
      isLinked('dnevnik-86', 'after-failure'),
      isLinked('cop-86', 'after-failure'),
    ]);
    expect(failed).toEqual({ status: 'rejected', reason: new Error('connection lost') });
    expect(other).toEqual({ status: 'fulfilled', value: true });
    expect(await isLinked('dnevnik-86', 'after-failure')).toBe(false);
  });
});
