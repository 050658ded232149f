import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestLineLogger, type Logger } from '../logger';

declare module 'express-serve-static-core' {
  interface Request {
    /** Correlates logs, error pages ("support reference") and the upstream load balancer's id. */
    id: string;
    log: Logger;
  }
}

// An id from the load balancer is kept only when it cannot smuggle anything into logs or pages.
const SAFE_INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives each request an id (echoed as X-Request-Id) and a child logger that carries it. The child is built
 * the first time a handler logs: most requests log nothing but their request line, which carries the id itself.
 */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get('x-request-id');
    const id = incoming && SAFE_INCOMING_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: true,
      get: () => (child ??= logger.child({ reqId: id })),
      set: (value: Logger) => {
        child = value;
      },
    });
    res.setHeader('X-Request-Id', id);
    next();
  };
}

/**
 * One line per request: request id, method, path without the query string (queries carry codes, tickets and
 * state), status and duration. Bodies and headers are never logged.
 */
export function requestLogger(logger: Logger) {
  const lines = requestLineLogger(logger);
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      lines[level](
        {
          reqId: req.id,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
        },
        'request',
      );
    });
    next();
  };
}
