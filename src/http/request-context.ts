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

/** What the error handler tells the request line about a refused request (src/http/error-handler.ts). */
export interface Refusal {
  readonly code: string;
  readonly detail: string;
}

/** Marks the response as refused: its request line says why, so a refusal is one line, not two. */
export function noteRefusal(res: Response, refusal: Refusal): void {
  res.locals['refusal'] = refusal;
}

/** The path as the client sent it (`originalUrl`, not the path inside a router), without the query string. */
export function fullPath(req: Request): string {
  const url = req.originalUrl;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * One line per request: request id, method, the full path without the query string (queries carry codes,
 * tickets and state), status and duration; for a refusal also its code and detail ('request refused'). Bodies
 * and headers are never logged. A response cut off before it finished still gets its line (`aborted`).
 */
export function requestLogger(logger: Logger) {
  const lines = requestLineLogger(logger);
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    let logged = false;
    const line = () => {
      if (logged) return;
      logged = true;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      const refusal = res.locals['refusal'] as Refusal | undefined;
      lines[level](
        {
          reqId: req.id,
          method: req.method,
          path: fullPath(req),
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          ...(refusal ? { code: refusal.code, detail: refusal.detail } : {}),
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        refusal ? 'request refused' : 'request',
      );
    };
    res.on('finish', line);
    res.on('close', line);
    next();
  };
}
