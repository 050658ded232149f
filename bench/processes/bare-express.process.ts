import express from 'express';
import type { AddressInfo } from 'node:net';
import { serveBenchChild } from '../lib/bench-child';

/**
 * The baseline of the decision bench: a bare Express 5 hello-world (no middleware, no body parsing) in its own
 * process, answering every path and method, so that the gateway's figures are read as a ratio of it.
 */
serveBenchChild(async () => {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res) => {
    res.send('hello world');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    facts: {},
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
