import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics';

/**
 * Answers `GET /metrics` with the Prometheus text and everything else with 404. It is served on a listener of
 * its own (METRICS_PORT), never on the user-facing port: the figures describe the deployment to anyone who
 * can read them.
 */
export function metricsRequestListener(metrics: Metrics) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics failed\n');
      },
    );
  };
}

/** The internal metrics listener: its address, and `close()` for shutdown. */
export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the metrics listener on host:port (0 picks a free port). */
export async function listenMetrics(
  metrics: Metrics,
  options: { host: string; port: number },
): Promise<MetricsServer> {
  const server = createServer(metricsRequestListener(metrics));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
