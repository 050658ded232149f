import { readFileSync } from 'node:fs';
import request from 'supertest';
import { fromRoot } from '../../src/paths';
import { buildTestApp } from '../support/test-app';

/** The gateway publishes the diary API for vendors beside its own vendor API. */
describe('GET /api/vendor/v1/diary-api.json', () => {
  it('serves docs/diary-api.openapi.json, public and cacheable', async () => {
    const { app } = buildTestApp({
      cutover: {} as never,
      journeys: {} as never,
      personData: {} as never,
      vendorAuth: (_req, _res, next) => next(),
    });
    const answer = await request(app).get('/api/vendor/v1/diary-api.json').expect(200);
    expect(answer.headers['cache-control']).toBe('public, max-age=300');
    expect(answer.body).toEqual(JSON.parse(readFileSync(fromRoot('docs/diary-api.openapi.json'), 'utf8')));
    expect(answer.body.openapi).toBe('3.1.0');
  });
});
