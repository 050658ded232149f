import { VendorUnavailableError } from '../../adapters/contract';
import { NotFoundError } from '../../src/core/errors';
import { CircuitBreaker } from '../../src/services/circuit-breaker';
import { asDatabaseUnavailable } from '../../src/store/database-errors';

const broken = () => Promise.reject(new VendorUnavailableError('v', 'HTTP 503'));
const fine = () => Promise.resolve('ok');

function breaker() {
  let t = 0;
  const b = new CircuitBreaker('v', { failureThreshold: 3, openMs: 1000, now: () => t });
  return { b, advance: (ms: number) => (t += ms) };
}

describe('the vendor circuit breaker', () => {
  it('opens after N consecutive failures and then fails fast without calling the vendor', async () => {
    const { b } = breaker();
    for (let i = 0; i < 3; i++) await expect(b.run(broken)).rejects.toBeInstanceOf(VendorUnavailableError);
    expect(b.state).toBe('open');
    const work = jest.fn(fine);
    await expect(b.run(work)).rejects.toThrow('circuit open');
    expect(work).not.toHaveBeenCalled();
  });

  it('a success in between resets the count: only consecutive failures open it', async () => {
    const { b } = breaker();
    await expect(b.run(broken)).rejects.toThrow();
    await expect(b.run(broken)).rejects.toThrow();
    await b.run(fine);
    await expect(b.run(broken)).rejects.toThrow();
    expect(b.state).toBe('closed');
  });

  it('a refusal or our own error is not an outage and never opens it', async () => {
    const { b } = breaker();
    for (let i = 0; i < 5; i++)
      await expect(b.run(() => Promise.reject(new NotFoundError('x')))).rejects.toBeInstanceOf(NotFoundError);
    expect(b.state).toBe('closed');
  });

  it('a configuration fault (a route the server lacks) is an answer, not an outage: it never opens it', async () => {
    const { b } = breaker();
    const misconfigured = () =>
      Promise.reject(new VendorUnavailableError('v', '/users/1: HTTP 404', { fault: 'configuration' }));
    for (let i = 0; i < 5; i++)
      await expect(b.run(misconfigured)).rejects.toMatchObject({ fault: 'configuration' });
    expect(b.state).toBe('closed');
  });

  it('after the open period one probe goes through (others still fail fast); its success closes it', async () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) await expect(b.run(broken)).rejects.toThrow();
    advance(1000);
    expect(b.state).toBe('half-open');
    let release!: () => void;
    const probe = b.run(() => new Promise<string>((resolve) => (release = () => resolve('probed'))));
    await expect(b.run(fine)).rejects.toThrow('circuit open');
    release();
    await expect(probe).resolves.toBe('probed');
    expect(b.state).toBe('closed');
    await expect(b.run(fine)).resolves.toBe('ok');
  });

  it('a failed probe opens it again for another full period', async () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) await expect(b.run(broken)).rejects.toThrow();
    advance(1000);
    await expect(b.run(broken)).rejects.toThrow('HTTP 503');
    expect(b.state).toBe('open');
    advance(999);
    await expect(b.run(fine)).rejects.toThrow('circuit open');
    advance(1);
    await expect(b.run(fine)).resolves.toBe('ok');
  });
});

describe('PostgreSQL errors', () => {
  it.each([
    [
      'refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'admin shutdown',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    [
      'statement timeout',
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    ],
    ['dead pooled connection', new Error('Connection terminated unexpectedly')],
    ['pool exhausted', new Error('timeout exceeded when trying to connect')],
    ['wrapped by TypeORM', { name: 'QueryFailedError', message: 'x', driverError: { code: '08006' } }],
  ])('%s is a dependency outage (503)', (_what, err) => {
    expect(asDatabaseUnavailable(err)).toMatchObject({ code: 'dependency_unavailable', status: 503 });
  });

  it.each([
    ['a unique violation', { code: '23505', message: 'duplicate key' }],
    ['a syntax error', { code: '42601', message: 'syntax error' }],
    ['a plain bug', new TypeError('x is undefined')],
  ])('%s is not', (_what, err) => {
    expect(asDatabaseUnavailable(err)).toBeUndefined();
  });
});
