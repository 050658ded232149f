import type { NextFunction, Request, Response } from 'express';
import {
  type AppError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnsupportedMediaTypeError,
  ValidationError,
  isAppError,
} from '../core/errors';
import { PolicyInvalidError } from '../core/policy.errors';
import { asDatabaseUnavailable } from '../store/database-errors';
import { interactionOf } from '../services/journeys.types';
import { pickLang, wantsJson } from './lang';
import { fullPath, noteRefusal } from './request-context';
import { errorPage } from './views/error.page';

/** What an unexpected fault answers: a fixed code and message, nothing of the fault itself. */
export const INTERNAL_ERROR = {
  code: 'internal_error',
  status: 500,
  userMessage: {
    ru: 'Произошла внутренняя ошибка. Попробуйте ещё раз; если ошибка повторится, сообщите в поддержку код обращения.',
    en: 'An internal error occurred. Try again; if it happens again, give support the reference below.',
  },
};

/** Errors raised by express's own body parsers, turned into our typed errors. */
function fromBodyParser(err: unknown): AppError | undefined {
  const type = (err as { type?: unknown })?.type;
  if (type === 'entity.too.large') return new PayloadTooLargeError();
  if (type === 'entity.parse.failed') return new ValidationError(['body: not valid JSON or form data']);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new UnsupportedMediaTypeError();
  if (type === 'parameters.too.many') return new ValidationError(['body: too many parameters']);
  return undefined;
}

/** Unknown routes end here as a typed 404, answered by the same handler as everything else. */
export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new NotFoundError(`no route for ${req.method} ${fullPath(req)}`));
}

/**
 * The one place where anything thrown becomes a response: a status, JSON for machines or a Russian (or
 * English) page for people, always with the request id as the support reference. Messages of unexpected
 * errors and stack traces are logged, never sent.
 */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const known = isAppError(err) ? err : (fromBodyParser(err) ?? asDatabaseUnavailable(err));
  const shape = known ?? INTERNAL_ERROR;
  // A refusal is said once, on the request's own line; a fault gets a line of its own with the stack.
  if (known) noteRefusal(res, { code: known.code, detail: known.message });
  else req.log.error({ err }, 'unhandled error');

  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (known instanceof RateLimitedError) res.setHeader('Retry-After', String(known.retryAfterSeconds));
  res.status(shape.status);
  const lang = pickLang(req);
  if (wantsJson(req)) {
    const body: Record<string, unknown> = {
      code: shape.code,
      message: shape.userMessage[lang],
      reference: req.id,
    };
    if (known instanceof ValidationError && known.issues.length) body['issues'] = known.issues;
    if (known instanceof PolicyInvalidError) body['problems'] = known.problems;
    res.json({ error: body });
    return;
  }
  res.type('html').send(
    errorPage({
      lang,
      status: shape.status,
      message: shape.userMessage[lang],
      reference: req.id,
      ...(interactionOf(req.session?.journey) ? { interaction: interactionOf(req.session?.journey)! } : {}),
    }),
  );
}
