import { z } from 'zod';
import { publicAddressProblem } from './public-address';
import { entry, port, url, type CheckContext, type Values } from './schema';

/** The process's mode and its HTTP listeners: where users and Prometheus reach it, and through which proxies. */
export const httpEntries = {
  nodeEnv: entry({
    env: 'NODE_ENV',
    description:
      'development, test or production; production refuses emulators, in-memory stores and dev keys',
    defaultText: 'development',
    schema: z.enum(['development', 'test', 'production']).default('development'),
  }),
  host: entry({
    env: 'HOST',
    description: 'Interface the HTTP server listens on',
    defaultText: '127.0.0.1',
    schema: z.string().min(1).default('127.0.0.1'),
  }),
  port: entry({
    env: 'PORT',
    description: 'TCP port of the HTTP server (0 picks a free one)',
    defaultText: '3000',
    schema: port.default(3000),
  }),
  metricsHost: entry({
    env: 'METRICS_HOST',
    description:
      'Interface of the separate /metrics listener (keep it internal: the user-facing port never serves it)',
    defaultText: '127.0.0.1',
    schema: z.string().min(1).default('127.0.0.1'),
  }),
  metricsPort: entry({
    env: 'METRICS_PORT',
    description:
      'TCP port of the separate Prometheus /metrics listener (0 picks a free one); absent: no /metrics',
    schema: port.optional(),
  }),
  publicUrl: entry({
    env: 'PUBLIC_URL',
    description:
      'Address users reach the gateway at (a browser at another host name is redirected here); https turns on Secure __Host- cookies and HSTS',
    defaultText: 'http://localhost:<PORT>',
    schema: url(['http:', 'https:']).optional(),
  }),
  trustProxy: entry({
    env: 'TRUST_PROXY',
    description: 'Number of reverse proxies in front of the gateway whose X-Forwarded-* headers are trusted',
    defaultText: '0',
    schema: z.coerce.number().int().min(0).max(10).default(0),
  }),
} as const;

type Http = Values<typeof httpEntries>;

/** The address users reach the gateway at, without a trailing slash: PUBLIC_URL, else this machine's port. */
export const publicUrlOf = (p: Http): string =>
  (p.publicUrl ?? `http://localhost:${p.port}`).replace(/\/+$/, '');

/** Production needs the public https address written out (cookies, redirects and links are built from it). */
export function httpProblems(p: Http, { production }: CheckContext): string[] {
  if (!production) return [];
  if (!p.publicUrl) return ['PUBLIC_URL: missing: production needs the public https address'];
  const problem = publicAddressProblem('PUBLIC_URL', p.publicUrl);
  return problem ? [problem] : [];
}
