import type { NextFunction, Request, Response } from 'express';

/** Whether the process is draining for shutdown; /readyz and keep-alive handling read it. */
export interface Lifecycle {
  draining: boolean;
}

/**
 * While draining, requests still arriving on open keep-alive connections are served, but told to close the
 * connection so that the client's next request goes to a process that stays.
 */
export function closeConnectionsWhenDraining(lifecycle: Lifecycle) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (lifecycle.draining) res.setHeader('Connection', 'close');
    next();
  };
}
