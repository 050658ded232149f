import type { NextFunction, Request, Response } from 'express';
import { ValidationError } from '../core/errors';

/**
 * Express's router cannot decode a route parameter with broken percent-encoding (`/requests/%`) and passes on a
 * URIError marked 400; it is the client's mistake, so it becomes our typed 400 for the one error handler, not a 500.
 */
export function malformedUrl(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  if (err instanceof URIError && (err as { status?: unknown }).status === 400)
    return next(new ValidationError(['path: malformed percent-encoding']));
  next(err);
}
