import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fromRoot } from '../../src/paths';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(90_000);

const ALERTS = fromRoot('deploy/prometheus/alerts.yml');
const ALERT_TESTS = fromRoot('deploy/prometheus/alerts.test.yml');
const DASHBOARD = fromRoot('deploy/grafana/cutover-day.json');

// Series Prometheus makes itself for each scrape target; no exporter serves them.
const SCRAPE_SERIES = new Set(['up']);
const PROMQL_WORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/** The metric names of a PromQL expression: what is left once strings, matchers, ranges and calls are set aside. */
function metricNames(expr: string): string[] {
  const e = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names: string[] = [];
  for (const m of e.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const before = e[m.index - 1] ?? ' ';
    if (/[0-9.]/.test(before)) continue; // an exponent: 1e9
    if (
      e
        .slice(m.index + m[0].length)
        .trimStart()
        .startsWith('(')
    )
      continue; // a function or aggregation
    if (!PROMQL_WORDS.has(m[0])) names.push(m[0]);
  }
  return names;
}

interface Rules {
  groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
}
interface Dashboard {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
}

/** Every expression of the alert rules and of the dashboard, with where it is. */
function expressions(): Array<{ where: string; expr: string }> {
  const rules = parse(readFileSync(ALERTS, 'utf8')) as Rules;
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
  return [
    ...rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }))),
    ...dashboard.panels.flatMap((p) => p.targets.map((t) => ({ where: `panel «${p.title}»`, expr: t.expr }))),
  ];
}

describe('the alert rules and the dashboard name only metrics the gateway serves', () => {
  let db: TestDatabase;
  let gw: GatewayProcess;
  let exposition: string;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    gw = spawnGateway({
      DATABASE_URL: db.url,
      REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `elg-monitoring-${randomBytes(3).toString('hex')}:`,
      PORT: '0',
      METRICS_PORT: '0',
      EMULATORS: 'false',
      LOG_LEVEL: 'error',
      SHUTDOWN_GRACE_MS: '0',
    });
    await gw.listening;
    for (let i = 0; i < 100 && !gw.stdout().includes('Prometheus metrics'); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const metricsUrl = /Prometheus metrics \(internal\) at (\S+)/.exec(gw.stdout())![1]!;
    exposition = await (await fetch(metricsUrl)).text();
  });

  afterAll(async () => {
    if (gw && gw.child.exitCode === null) {
      gw.child.kill('SIGINT');
      await gw.exited;
    }
    await db?.drop();
  });

  it('every metric of deploy/prometheus/alerts.yml and deploy/grafana/cutover-day.json is in /metrics', () => {
    const families = new Map(
      [...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!] as const),
    );
    const served = (name: string) => {
      if (families.has(name)) return true;
      const base = name.replace(/_(bucket|count|sum)$/, '');
      return base !== name && ['histogram', 'summary'].includes(families.get(base) ?? '');
    };
    const all = expressions();
    const named = new Set(all.flatMap((x) => metricNames(x.expr)));
    // The extraction itself finds what the files are about (else this test could pass on nothing).
    expect([...named]).toEqual(
      expect.arrayContaining([
        'up',
        'elg_dependency_up',
        'elg_activity_total',
        'elg_link_refusals_total',
        'elg_outbox_oldest_pending_seconds',
        'http_request_duration_seconds_count',
        'http_request_duration_seconds_bucket',
        'db_pool_waiting_connections',
        'nodejs_eventloop_lag_p99_seconds',
        'elg_diary_instance_degraded',
      ]),
    );
    const missing = all.flatMap(({ where, expr }) =>
      metricNames(expr)
        .filter((n) => !SCRAPE_SERIES.has(n) && !served(n))
        .map((n) => `${where}: ${n}`),
    );
    expect(missing).toEqual([]);
  });

  it('the dependency gauges the alerts select are there, by the label values they use', () => {
    expect(exposition).toMatch(/^elg_dependency_up\{dependency="postgres"\} 1$/m);
    expect(exposition).toMatch(/^elg_dependency_up\{dependency="redis"\} 1$/m);
    expect(exposition).toMatch(/^elg_outbox_pending_messages 0$/m);
  });

  it('the metric name reader sets aside functions, labels, ranges, strings and numbers', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le, route) (rate(x_bucket{route!="a b(c)"}[5m]))) > 2 and on (i) y_total * 1e9',
      ),
    ).toEqual(['x_bucket', 'y_total']);
  });

  const promtool = spawnSync('promtool', ['--version']).status === 0;
  if (!promtool && process.env['REQUIRE_REAL_SERVICES'] === '1')
    it('promtool is installed (REQUIRE_REAL_SERVICES=1; Debian package prometheus)', () =>
      expect(promtool).toBe(true));
  if (!promtool)
    console.warn('monitoring-files.test: no promtool: the rules are checked by the parse above only');
  if (promtool)
    it('promtool accepts the rules and its unit cases pass (alerts.test.yml)', () => {
      const check = execFileSync('promtool', ['check', 'rules', ALERTS], { encoding: 'utf8' });
      expect(check).toContain('SUCCESS');
      const cases = execFileSync('promtool', ['test', 'rules', ALERT_TESTS], { encoding: 'utf8' });
      expect(cases).toContain('SUCCESS');
    });
});
