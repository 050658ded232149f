import { loadConfig } from '../../src/config';

const base = { NODE_ENV: 'test', EMULATORS: 'false' };

describe('OIDC provider configuration', () => {
  it('is off when OIDC_ISSUER is absent', () => {
    const result = loadConfig(base);
    expect(result.ok && result.config.oidcIssuer).toBeUndefined();
  });

  it('with OIDC_ISSUER, the client id and secret are required, and all problems are listed at once', () => {
    const result = loadConfig({ ...base, OIDC_ISSUER: 'https://idp.example', OIDC_DISCOVERY: 'false' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.split(':')[0])).toEqual([
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'OIDC_AUTHORIZATION_URL',
      'OIDC_TOKEN_URL',
      'OIDC_JWKS_URI',
    ]);
  });

  it('refuses alg none and symmetric algorithms for ID tokens', () => {
    for (const algs of ['RS256,none', 'HS256'])
      expect(loadConfig({ ...base, OIDC_ID_TOKEN_ALGS: algs }).ok).toBe(false);
  });

  it('drops openid from the scopes (the library always sends it)', () => {
    const result = loadConfig({ ...base, OIDC_SCOPES: 'openid profile email' });
    expect(result.ok && result.config.oidcScopes).toEqual(['profile', 'email']);
  });
});
