/* global process */
// panva's oidc-provider (ESM-only) in its own node process, so that Jest's CommonJS world never loads it.
// argv[2] is JSON: { clients: [...] }. Listens on 127.0.0.1, port 0, and prints one line: {"url": "..."}.
// The person at the provider is automated: /interaction/:uid signs in account `user-1001` and grants the
// requested scopes, through the provider's own interaction API (real redirects and cookies all the same).
// POST /__test/rotate replaces the signing key with a new one (key rotation as the gateway sees it).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { clients } = JSON.parse(process.argv[2] ?? '{}');

const ACCOUNTS = {
  'user-1001': { name: 'Петров Иван Сергеевич', family_name: 'Петров', given_name: 'Иван' },
};

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

function buildProvider(issuer, keys) {
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys },
    cookies: { keys: ['oidc-test-cookie-key'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['name', 'family_name', 'given_name'] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, ...ACCOUNTS[id] }),
    }),
  });
  for (const event of ['server_error', 'grant.error'])
    provider.on(event, (_ctx, err) =>
      process.stderr.write(`${event}: ${err.message} ${err.error_detail ?? ''}\n`),
    );
  return provider;
}

async function interact(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: 'user-1001' } });
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details.missingOIDCScope;
  if (missing) grant.addOIDCScope(missing.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

let provider;
let callback;
const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/__test/rotate') {
    provider = buildProvider(provider.issuer, [newSigningKey()]);
    callback = provider.callback();
    res.writeHead(204).end();
    return;
  }
  if (req.url?.startsWith('/interaction/')) {
    interact(provider, req, res).catch((err) => {
      process.stderr.write(`interaction failed: ${err.message}\n`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
    return;
  }
  callback(req, res);
});

server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  provider = buildProvider(url, [newSigningKey()]);
  callback = provider.callback();
  process.stdout.write(`${JSON.stringify({ url })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
