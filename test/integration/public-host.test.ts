import request from 'supertest';
import { buildTestApp, testConfig } from '../support/test-app';

/*
 * Issue 18 item 4: the demo printed "listening on http://127.0.0.1:3000", and a person who opened that address
 * instead of PUBLIC_URL (localhost) ended ESIA's sign-in on «страница устарела». A browser at another host name
 * is now sent to PUBLIC_URL before any journey starts; machines keep reaching the gateway at any name.
 */
describe('one address: a browser at another host name than PUBLIC_URL is sent to PUBLIC_URL', () => {
  const { app } = buildTestApp({ config: testConfig({ PUBLIC_URL: 'http://localhost:3000' }) });
  // supertest reaches the app at 127.0.0.1, which is not PUBLIC_URL's host name.

  it.each([
    ['/', 'http://localhost:3000/'],
    ['/info?instance=cop-86', 'http://localhost:3000/info?instance=cop-86'],
    ['/interaction/abc123/choose', 'http://localhost:3000/interaction/abc123/choose'],
    ['/oidc/auth?client_id=cop-86&state=s1', 'http://localhost:3000/oidc/auth?client_id=cop-86&state=s1'],
    ['/oidc/session/end', 'http://localhost:3000/oidc/session/end'],
    ['/static/app.css', 'http://localhost:3000/static/app.css'],
    ['//evil.example/x', 'http://localhost:3000/evil.example/x'],
  ])('GET %s → 302 %s, before any page or session', async (path, location) => {
    const res = await request(app).get(path).expect(302);
    expect(res.headers['location']).toBe(location);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('HEAD is redirected like GET', async () => {
    const res = await request(app).head('/').expect(302);
    expect(res.headers['location']).toBe('http://localhost:3000/');
  });

  it("at PUBLIC_URL's host name the page is served (the port may differ behind a proxy)", async () => {
    const res = await request(app).get('/').set('Host', 'localhost:8080').expect(200);
    expect(res.text).toContain('Вход через Госуслуги');
  });

  it.each([
    ['/healthz', 200],
    ['/readyz', 200],
    ['/metrics', 404],
    ['/api/vendor/v1/no-such-call', 404],
    ['/oidc/.well-known/openid-configuration', 404],
    ['/oidc/jwks', 404],
  ])('machines are not redirected: GET %s answers %i where it is', async (path, status) => {
    await request(app).get(path).expect(status);
  });

  it('a form posted at another host name is not redirected (it was never served there)', async () => {
    const res = await request(app).post('/requests/new').type('form').send({ a: '1' });
    expect(res.status).not.toBe(302);
  });

  it('behind a trusted proxy the host the client asked for counts (X-Forwarded-Host)', async () => {
    const behind = buildTestApp({
      config: testConfig({ PUBLIC_URL: 'https://vhod.edu.example', TRUST_PROXY: '1' }),
    });
    await request(behind.app)
      .get('/')
      .set('X-Forwarded-Host', 'vhod.edu.example')
      .set('X-Forwarded-Proto', 'https')
      .expect(200);
    const other = await request(behind.app)
      .get('/')
      .set('X-Forwarded-Host', 'www.vhod.edu.example')
      .expect(302);
    expect(other.headers['location']).toBe('https://vhod.edu.example/');
  });
});
