import session from 'express-session';
import { Writable } from 'node:stream';
import { createApp, type AppDeps } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { systemClock } from '../../src/core/clock';
import type { ReadinessCheck } from '../../src/http/health.routes';
import { createMetrics } from '../../src/http/metrics';
import { createLogger } from '../../src/logger';

/** Every log line the app under test wrote, as raw text: what the redaction tests search. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

/**
 * A validated test configuration; `env` overrides single variables. PUBLIC_URL's host is 127.0.0.1, where
 * supertest and the harnesses reach the app (another host name would be redirected to PUBLIC_URL).
 */
export function testConfig(env: Record<string, string> = {}): Config {
  const result = loadConfig({
    NODE_ENV: 'test',
    EMULATORS: 'false',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    ...env,
  });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

/** The real app with an in-process session store and readiness checks the test controls. */
export function buildTestApp(overrides: Partial<AppDeps> & { readiness?: ReadinessCheck[] } = {}) {
  const logs = new LogCapture();
  const deps: AppDeps = {
    config: testConfig(),
    logger: createLogger({ level: 'info', destination: logs }),
    clock: systemClock,
    sessionStore: new session.MemoryStore(),
    readiness: [],
    metrics: createMetrics({ defaults: false }),
    lifecycle: { draining: false },
    ...overrides,
  };
  return { app: createApp(deps), deps, logs };
}
