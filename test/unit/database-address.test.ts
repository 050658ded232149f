import { loadConfig } from '../../src/config';
import { parseDatabaseUrl, withDatabase } from '../../src/config/database-address';

describe('DATABASE_URL with several hosts (libpq form)', () => {
  it('reads every host in order, the target, and the URL node-postgres gets (first host, no target)', () => {
    const a = parseDatabaseUrl(
      'postgres://gw:p%40ss@db-a.internal:5433,db-b.internal,[fd00::7]:6432/gateway?target_session_attrs=read-write&sslmode=require',
    );
    expect(a.servers).toEqual([
      { host: 'db-a.internal', port: 5433 },
      { host: 'db-b.internal', port: 5432 },
      { host: 'fd00::7', port: 6432 },
    ]);
    expect(a.targetSessionAttrs).toBe('read-write');
    expect(a.choosesServer).toBe(true);
    expect(a.singleHostUrl).toBe('postgres://gw:p%40ss@db-a.internal:5433/gateway?sslmode=require');
  });

  it('leaves a single-host URL exactly as given, and the pool as it was', () => {
    const url = 'postgresql://gw@db/gw?application_name=x';
    const a = parseDatabaseUrl(url);
    expect(a).toEqual({
      servers: [{ host: 'db', port: 5432 }],
      targetSessionAttrs: 'any',
      singleHostUrl: url,
      choosesServer: false,
    });
    expect(parseDatabaseUrl('postgres://gw@db:5432/gw?target_session_attrs=primary').choosesServer).toBe(
      true,
    );
  });

  it('refuses what libpq would refuse, with the reason', () => {
    expect(() => parseDatabaseUrl('mysql://db/gw')).toThrow(/expected postgres:\/\//);
    expect(() => parseDatabaseUrl('postgres://a:5432,b:99999/gw')).toThrow(/port 99999 is out of range/);
    expect(() => parseDatabaseUrl('postgres://a,b/gw?target_session_attrs=prefer-standby')).toThrow(
      /target_session_attrs must be any, read-write, primary \(got "prefer-standby"\)/,
    );
  });

  it('names another database on the same servers', () => {
    expect(withDatabase('postgres://u@a:1,b:2/postgres?target_session_attrs=read-write', 'elg_x')).toBe(
      'postgres://u@a:1,b:2/elg_x?target_session_attrs=read-write',
    );
  });

  it('the configuration accepts the multi-host form and names the problem of a broken one', () => {
    const ok = loadConfig({
      DATABASE_URL: 'postgres://gw@pg-1:5432,pg-2:5432/gw?target_session_attrs=read-write',
    });
    expect(ok.ok).toBe(true);
    const refused = loadConfig({ DATABASE_URL: 'postgres://gw@pg-1,pg-2/gw?target_session_attrs=standby' });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.problems).toEqual([
        'DATABASE_URL: invalid: target_session_attrs must be any, read-write, primary (got "standby")',
      ]);
  });
});
