import {
  AppError,
  ConflictError,
  CsrfError,
  DependencyUnavailableError,
  ForbiddenError,
  isAppError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  ReplayedRequestError,
  ShuttingDownError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../src/core/errors';

// Vendors, operators and the error pages key on these codes and statuses: each is written out here. Errors are
// made inside the tests (not when the file loads), so each test is known to reach the code it checks.
const CASES: Array<[string, () => AppError, string, number]> = [
  ['ValidationError', () => new ValidationError(['body.userId']), 'validation_failed', 400],
  ['NotFoundError', () => new NotFoundError(), 'not_found', 404],
  ['UnauthenticatedError', () => new UnauthenticatedError(), 'unauthenticated', 401],
  ['ForbiddenError', () => new ForbiddenError(), 'forbidden', 403],
  ['CsrfError', () => new CsrfError(), 'csrf_failed', 403],
  ['ConflictError', () => new ConflictError(), 'conflict', 409],
  ['PayloadTooLargeError', () => new PayloadTooLargeError(), 'payload_too_large', 413],
  ['UnsupportedMediaTypeError', () => new UnsupportedMediaTypeError(), 'unsupported_media_type', 415],
  ['RateLimitedError', () => new RateLimitedError(30), 'rate_limited', 429],
  ['ReplayedRequestError', () => new ReplayedRequestError(), 'nonce_replayed', 401],
  [
    'DependencyUnavailableError',
    () => new DependencyUnavailableError('postgres'),
    'dependency_unavailable',
    503,
  ],
  ['ShuttingDownError', () => new ShuttingDownError(), 'shutting_down', 503],
];

describe('typed errors', () => {
  it.each(CASES)('%s has its stable code and HTTP status', (name, make, code, status) => {
    const error = make();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(Error);
    expect(isAppError(error)).toBe(true);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
  });

  it.each(CASES)('%s tells a person what happened in Russian, and in English for the en pages', (_, make) => {
    const error = make();
    expect(error.userMessage.ru).toMatch(/^[А-ЯЁ][а-яёА-ЯЁ\s,:.«»-]+\.$/);
    expect(error.userMessage.en).toMatch(/^[A-Z][A-Za-z\s,:.'-]+\.$/);
  });

  it('without a detail the message is the class name; with one it is the detail, and the cause is kept', () => {
    expect(new NotFoundError().message).toBe('NotFoundError');
    const cause = new Error('connection refused');
    const error = new NotFoundError('instance dnevnik-86', { cause });
    expect(error.message).toBe('instance dnevnik-86');
    expect(error.cause).toBe(cause);
  });

  it('a validation error names the fields (never their values), or says only that validation failed', () => {
    const error = new ValidationError(['userId', 'birthDate']);
    expect(error.issues).toEqual(['userId', 'birthDate']);
    expect(error.message).toBe('userId; birthDate');
    expect(new ValidationError().issues).toEqual([]);
    expect(new ValidationError().message).toBe('validation failed');
  });

  it('a rate limit carries the wait; an unavailable dependency names itself and keeps its cause', () => {
    const limited = new RateLimitedError(42);
    expect(limited.retryAfterSeconds).toBe(42);
    expect(limited.message).toBe('retry after 42s');
    const cause = new Error('ECONNREFUSED');
    const down = new DependencyUnavailableError('redis', { cause });
    expect(down.dependency).toBe('redis');
    expect(down.message).toBe('redis unavailable');
    expect(down.cause).toBe(cause);
  });

  it('anything that is not an AppError is not one: plain errors, strings, nothing', () => {
    expect(isAppError(new Error('boom'))).toBe(false);
    expect(isAppError('not_found')).toBe(false);
    expect(isAppError({ code: 'not_found', status: 404 })).toBe(false);
    expect(isAppError(undefined)).toBe(false);
  });
});
