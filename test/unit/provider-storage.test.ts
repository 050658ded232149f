import Provider, { errors } from 'oidc-provider';
import { MemoryStateStore } from '../../src/cache/memory-state-store';
import { CONSUMABLE_MODELS, providerStorage } from '../../src/provider/provider-storage';

/**
 * The OpenID Provider's records on the StateStore (src/provider/provider-storage.ts): a consumed code reads as
 * consumed and cannot be consumed twice, a revoked grant hides itself and everything issued under it, and a
 * record of a model that is never consumed is read without asking for a consumed marker (issue 11, item 3:
 * fewer Redis commands per sign-in).
 */
describe('provider storage', () => {
  /** A MemoryStateStore that counts the keys it is asked for. */
  function countingStore() {
    const store = new MemoryStateStore();
    const reads: string[] = [];
    const writes: string[] = [];
    const get = store.get.bind(store);
    store.get = (key: string) => {
      reads.push(key);
      return get(key);
    };
    const put = store.put.bind(store);
    store.put = (key: string, value: string, ttl: number) => {
      writes.push(key);
      return put(key, value, ttl);
    };
    const putIfAbsent = store.putIfAbsent.bind(store);
    store.putIfAbsent = (key: string, ttl: number, value?: string) => {
      writes.push(key);
      return putIfAbsent(key, ttl, value);
    };
    return { store, reads, writes };
  }

  it('lists exactly the models the installed oidc-provider consumes', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const provider = new Provider('http://127.0.0.1/oidc', {}) as unknown as Record<string, unknown>;
    warn.mockRestore();
    const getters = Object.entries(Object.getOwnPropertyDescriptors(Provider.prototype))
      .filter(([name, d]) => d.get && /^[A-Z]/.test(name))
      .map(([name]) => name);
    const consumable = getters.filter((name) => {
      const model = provider[name] as { prototype?: { consume?: unknown } } | undefined;
      return typeof model?.prototype?.consume === 'function';
    });
    expect(consumable.length).toBeGreaterThan(0);
    expect(new Set(consumable)).toEqual(CONSUMABLE_MODELS);
  });

  it('reads a consumed code as consumed and refuses to consume it again', async () => {
    const { store, writes } = countingStore();
    const codes = providerStorage(store)('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1', exp: Math.floor(Date.now() / 1000) + 60 }, 60);
    expect((await codes.find('c1'))?.consumed).toBeUndefined();
    const before = Math.floor(Date.now() / 1000);
    await codes.consume('c1');
    // The moment of consumption, as oidc-provider reads `consumed`, kept by the one write that spends the code.
    expect(writes.filter((k) => k.includes('consumed'))).toHaveLength(1);
    const consumed = (await codes.find('c1'))?.consumed as number;
    expect(consumed).toBeGreaterThanOrEqual(before);
    expect(consumed).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    await expect(codes.consume('c1')).rejects.toBeInstanceOf(errors.InvalidGrant);
  });

  it('hides a revoked grant and the records issued under it', async () => {
    const { store } = countingStore();
    const storage = providerStorage(store);
    await storage('Grant').upsert('g1', { accountId: 'a' }, 60);
    await storage('AuthorizationCode').upsert('c1', { grantId: 'g1' }, 60);
    await storage('Interaction').upsert('i1', { grantId: 'g1' }, 60);
    await storage('Interaction').upsert('i2', { grantId: 'g2' }, 60);
    await storage('Grant').revokeByGrantId('g1');
    expect(await storage('Grant').find('g1')).toBeUndefined();
    expect(await storage('AuthorizationCode').find('c1')).toBeUndefined();
    expect(await storage('Interaction').find('i1')).toBeUndefined();
    expect(await storage('Interaction').find('i2')).toEqual({ grantId: 'g2' });
  });

  it('reads a record of a model that is never consumed without asking for a consumed marker', async () => {
    const { store, reads } = countingStore();
    const sessions = providerStorage(store)('Session');
    await sessions.upsert('s1', { accountId: 'a', uid: 'u1' }, 60);
    reads.length = 0;
    expect(await sessions.findByUid('u1')).toEqual({ accountId: 'a', uid: 'u1' });
    expect(reads.filter((k) => k.includes('consumed'))).toEqual([]);
    expect(reads).toHaveLength(2);
  });
});
