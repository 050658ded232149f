import Redis from 'ioredis';
import Provider from 'oidc-provider';
import request from 'supertest';

/**
 * The two dependencies npm ci patches (patches/, applied by patch-package in postinstall; README "Patched
 * dependencies"). Each patch replaces an accessor defined on every instance, which gave each instance a hidden
 * class of its own in V8's old space and kept whatever its getter reached alive until promoted (issue 11). These
 * fail when a reinstall or an upgrade loses a patch: patch-package itself fails the install when a patch no
 * longer applies.
 */
describe('the dependencies patched at install', () => {
  it('ioredis: a pipeline counts its commands through its prototype, not an accessor of its own', () => {
    const client = new Redis({ lazyConnect: true });
    try {
      const pipeline = client.pipeline().set('a', '1').get('a');
      expect(Object.getOwnPropertyDescriptor(pipeline, 'length')).toBeUndefined();
      expect(pipeline.length).toBe(2);
    } finally {
      client.disconnect();
    }
  });

  it("oidc-provider: a request's ctx.oidc is a read-only value of its own, made for the matched route", async () => {
    const provider = new Provider('http://localhost:3000', {});
    const seen: Array<Record<string, unknown>> = [];
    provider.use(async (ctx, next) => {
      await next();
      const descriptor = Object.getOwnPropertyDescriptor(ctx, 'oidc');
      seen.push({
        value: descriptor !== undefined && 'value' in descriptor,
        getter: Boolean(descriptor?.get),
        writable: descriptor?.writable,
        route: (ctx as { oidc?: { route?: string } }).oidc?.route,
      });
    });
    await request(provider.callback()).get('/.well-known/openid-configuration').expect(200);
    expect(seen).toEqual([{ value: true, getter: false, writable: false, route: 'discovery' }]);
  });
});
