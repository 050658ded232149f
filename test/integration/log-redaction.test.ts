import request from 'supertest';
import { createLogger, redact, scrubText } from '../../src/logger';
import { buildTestApp, LogCapture } from '../support/test-app';

const SNILS = '112-233-445 95';
const PASSWORD = 'Parol-Secret-2026';

describe('personal data never reaches the logs', () => {
  it('a request carrying a SNILS and a password leaves neither in the logs', async () => {
    const { app, logs } = buildTestApp();
    await request(app).post('/').type('form').send({ snils: SNILS, password: PASSWORD }).expect(403);
    await request(app)
      .post('/api/v1/whatever')
      .set('Authorization', `Bearer ${PASSWORD}`)
      .set('Cookie', `elg.sid=${PASSWORD}`)
      .send({ user: { snils: SNILS.replace(/\D/g, ''), password: PASSWORD } })
      .expect(404);
    await request(app)
      .get(`/lookup?snils=${encodeURIComponent(SNILS)}&code=${PASSWORD}`)
      .expect(404);
    // One line per request, each a refusal with its full path (issue 18 item 5: no second line per 404).
    expect(logs.lines).toHaveLength(3);
    expect(logs.lines.every((l) => l.includes('"msg":"request refused"'))).toBe(true);
    expect(logs.text).toContain('"path":"/api/v1/whatever"');
    expect(logs.text).not.toContain(PASSWORD);
    expect(logs.text).not.toContain(SNILS);
    expect(logs.text).not.toContain(SNILS.replace(/\D/g, ''));
  });

  it('redacts secret fields at any depth and scrubs SNILS and JWTs from free text', () => {
    const logs = new LogCapture();
    const logger = createLogger({ level: 'info', destination: logs });
    const jwt = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl';
    logger.info(
      { nested: { deeper: { Password: PASSWORD, id_token: jwt } }, list: [{ snils: SNILS }] },
      `user ${SNILS}`,
    );
    logger.error({ err: new Error(`lookup failed for ${SNILS} with ${jwt}`) }, 'failed');
    expect(logs.text).not.toContain(PASSWORD);
    expect(logs.text).not.toContain(SNILS);
    expect(logs.text).not.toContain(jwt);
    expect(logs.text).toContain('[redacted-snils]');
    expect(scrubText('СНИЛС 11223344595')).toBe('СНИЛС [redacted-snils]');
    expect(redact({ a: { token: 't' }, b: 'ok' })).toEqual({ a: { token: '[redacted]' }, b: 'ok' });
  });

  it('logs any thrown shape without failing: no message, a plain object, an AggregateError, a string', () => {
    const logs = new LogCapture();
    const logger = createLogger({ level: 'info', destination: logs });
    const noMessage = Object.assign(new Error(), { message: undefined as unknown as string });
    logger.warn({ err: noMessage }, 'a');
    logger.warn({ err: { code: 'ECONNREFUSED' } }, 'b');
    logger.warn({ err: new AggregateError([new Error(`inner ${SNILS}`)], '') }, 'c');
    logger.warn({ err: 'just text' }, 'd');
    expect(logs.lines).toHaveLength(4);
    expect(logs.text).toContain('ECONNREFUSED');
    expect(logs.text).not.toContain(SNILS);
  });
});
