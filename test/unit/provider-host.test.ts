import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryStateStore } from '../../src/cache/memory-state-store';
import type { PubSub } from '../../src/core/ports/pub-sub.port';
import { createLogger } from '../../src/logger';
import type { DiarySignIns } from '../../src/provider/diary-sign-ins';
import type { RedeemChange } from '../../src/provider/provider-accounts';
import { ProviderHost } from '../../src/provider/provider-host';
import type { ProviderSigningKeys, SigningJwk } from '../../src/provider/signing-keys';

/**
 * The provider host follows a key rotation it could not hear of: a rotation is announced over pub/sub, and one
 * announced while this process's subscription was broken never arrives, so the host rereads the keys when the
 * subscription is live again (PubSub.onResubscribed) instead of serving the old JWKS until its next minute's
 * reload. The pub/sub port is a stand-in the test drives (RedisPubSub firing onResubscribed after a real
 * reconnect is tested in test/integration/linked-answers.test.ts); the keys come from a stand-in for the
 * sealed repository; the provider and its JWKS are real, over real HTTP.
 */

function signingKey(): SigningJwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(9).toString('base64url'),
    alg: 'RS256',
    use: 'sig',
  };
}

/** A PubSub whose messages never arrive (the break) and whose resubscription the test announces. */
class BrokenThenBackPubSub implements PubSub {
  private readonly resubscribed = new Set<() => void>();
  async publish(): Promise<void> {}
  async subscribe(): Promise<() => Promise<void>> {
    return async () => undefined;
  }
  onResubscribed(handler: () => void): () => void {
    this.resubscribed.add(handler);
    return () => this.resubscribed.delete(handler);
  }
  back(): void {
    for (const handler of this.resubscribed) handler();
  }
  get listeners(): number {
    return this.resubscribed.size;
  }
}

describe('the provider host after its subscription comes back', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('publishes the keys rotated during the break, and stops listening once stopped', async () => {
    const first = signingKey();
    let stored: SigningJwk[] = [first];
    const keys = { load: async () => stored } as unknown as ProviderSigningKeys;
    const pubsub = new BrokenThenBackPubSub();
    const host = await ProviderHost.start(
      {
        issuer: 'http://127.0.0.1/oidc',
        clients: { metadata: [], instanceOf: new Map() },
        store: new MemoryStateStore(),
        signIns: {} as DiarySignIns,
        redeem: (async () => undefined) as unknown as RedeemChange,
        sessionSecret: ['provider-host-test-secret-0123456789'],
        behindTls: false,
        trustProxy: false,
      },
      keys,
      pubsub,
      createLogger({ level: 'silent' }),
    );
    server = createServer(host.handle).listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    const jwks = async () => {
      const { port } = server!.address() as AddressInfo;
      const body = (await (await fetch(`http://127.0.0.1:${port}/jwks`)).json()) as {
        keys: Array<{ kid: string }>;
      };
      return body.keys.map((k) => k.kid);
    };
    expect(await jwks()).toEqual([first.kid]);

    // Rotated by another process while this one's subscription was broken: the announcement is lost.
    const second = signingKey();
    stored = [second, first];
    expect(await jwks()).toEqual([first.kid]);

    pubsub.back();
    const deadline = Date.now() + 10_000;
    while ((await jwks()).length === 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await jwks()).toEqual([second.kid, first.kid]);

    await host.stop();
    expect(pubsub.listeners).toBe(0);
  });
});
