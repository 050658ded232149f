import { OUTBOX_OUTCOMES } from '../../src/services/outbox-worker';
import { startJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { rows } from '../support/journey-steps';

type OutboxState = { attempts: number; delivered: boolean; last_error: string | null };

/** Vendor answers a retry cannot change close an outbox row with an outcome instead of retrying it forever. */
describe('the outbox, when the vendor answers with an outcome (real HTTP, PostgreSQL)', () => {
  let h: JourneyHarness;
  beforeAll(async () => {
    h = await startJourneyHarness();
  });
  afterAll(() => h.close());

  const state = async (topic: string): Promise<OutboxState | undefined> =>
    (
      await rows<OutboxState>(
        h,
        `SELECT attempts, delivered_at IS NOT NULL AS delivered, last_error FROM outbox WHERE topic = $1`,
        [topic],
      )
    )[0];

  it('when the diary no longer has the account, the link notice is closed as account_gone and not retried', async () => {
    const at = h.clock.now();
    await h.db.dataSource.query(
      `INSERT INTO outbox (instance_id, topic, payload, idempotency_key, next_attempt_at)
       VALUES ('dnevnik-86', 'link.created', $1, 'link.created:gone-test', $2)`,
      [
        JSON.stringify({
          linkId: '00000000-0000-4000-8000-0000000000f1',
          userId: '999999999999999999',
          at: at.toISOString(),
        }),
        at,
      ],
    );
    expect(await h.worker.runOnce()).toBe(1);
    expect(await state('link.created')).toEqual({
      attempts: 1,
      delivered: true,
      last_error: OUTBOX_OUTCOMES.accountGone,
    });
    expect(await h.worker.runOnce()).toBe(0);
  });

  it('when ЦОП refuses an access request for an organization it does not know, the hand-over ends and the request stays in the gateway queue', async () => {
    const id = await h.deps.requests.create({
      instanceId: 'cop-86',
      organizationId: '0000000000',
      role: 'parent',
      reason: 'organization_missing',
      message: 'Школы нет в списке',
      contact: '+7(913)1000007',
      esiaOid: null,
      personName: 'Каримов Рустам Шухратович',
      at: h.clock.now(),
      deliver: true,
    });
    expect(await h.worker.runOnce()).toBe(1);
    expect(await state('access_request.created')).toEqual({
      attempts: 1,
      delivered: true,
      last_error: OUTBOX_OUTCOMES.accessRequestRefused('organization_unknown'),
    });
    expect((await h.deps.requests.find(id))?.status).toBe('open');
  });
});
