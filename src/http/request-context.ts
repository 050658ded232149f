import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
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

/** The app's logger, and the request's child of it once built; kept on the request under these keys. */
const baseLogger = Symbol('base logger');
const childLogger = Symbol('child logger');
interface LoggerSlots {
  [baseLogger]?: Logger;
  [childLogger]?: Logger;
}

// `req.log` is one accessor on Express's request prototype, defined once: the child logger that carries the
// request id is built the first time a handler logs (most requests log nothing but their request line, which
// carries the id itself). An accessor defined on each request instead turned every request object into a slow
// dictionary-mode object, ≈ 3 % of a password decision's CPU (issue 11).
Object.defineProperty(express.request, 'log', {
  configurable: true,
  get(this: Request & LoggerSlots): Logger {
    return (this[childLogger] ??= this[baseLogger]!.child({ reqId: this.id }));
  },
  set(this: Request & LoggerSlots, value: Logger) {
    this[childLogger] = value;
  },
});

/** Gives each request an id (echoed as X-Request-Id) and a child logger that carries it (`req.log`). */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get('x-request-id');
    const id = incoming && SAFE_INCOMING_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    (req as Request & LoggerSlots)[baseLogger] = logger;
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
