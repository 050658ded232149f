import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/**
 * Field names whose values never reach a log, at any depth: personal data (152-FZ), secrets, and anything
 * that would let a reader of the logs act as a user.
 */
const SECRET_KEYS = new Set(
  [
    'snils',
    'password',
    'pw',
    'pw2',
    'newpassword',
    'token',
    'accesstoken',
    'access_token',
    'idtoken',
    'id_token',
    'refreshtoken',
    'refresh_token',
    'ticket',
    'authorizationcode',
    'authorization_code',
    'ssocode',
    'sso_code',
    'clientsecret',
    'client_secret',
    'secret',
    'cookie',
    'set-cookie',
    'authorization',
    'x-signature',
    'sessionid',
    'sid',
    'state',
    'nonce',
  ].map((k) => k.toLowerCase()),
);

// SNILS written "123-456-789 01", "123 456 789 01" or as 11 bare digits; and bearer-like long tokens.
const SNILS_PATTERN = /\b\d{3}[- ]?\d{3}[- ]?\d{3}[- ]?\d{2}\b/g;
const JWT_PATTERN = /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g;

/** Replaces personal data and tokens inside free text (messages, error strings). */
export function scrubText(text: string): string {
  return text.replace(JWT_PATTERN, '[redacted-token]').replace(SNILS_PATTERN, '[redacted-snils]');
}

/**
 * An error as a log field, scrubbed. Anything may be thrown or emitted (ioredis emits AggregateErrors with
 * an empty message, libraries emit plain objects), so nothing about its shape is assumed.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (typeof err !== 'object' || err === null) return { message: scrubText(String(err)) };
  const e = err as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown; errors?: unknown };
  return {
    type: typeof e.name === 'string' ? e.name : undefined,
    message: scrubText(typeof e.message === 'string' ? e.message : String(e.message ?? '')),
    code: e.code,
    stack: typeof e.stack === 'string' ? scrubText(e.stack) : undefined,
    causes: Array.isArray(e.errors) ? e.errors.slice(0, 5).map(serializeError) : undefined,
  };
}

/** A deep copy with secret fields replaced and free text scrubbed. Cycles and depth are bounded. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Error) return serializeError(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.has(k.toLowerCase()) ? '[redacted]' : redact(v, depth + 1, seen);
  }
  return out;
}

/** The logger of the one line per request (src/http/request-context.ts): a cheaper path than `redact`. */
export type RequestLineLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/**
 * A logger for the per-request line, whose fields are flat and chosen by the gateway (request id, method,
 * path without the query, status, duration): it skips the deep `redact` walk that every other line pays, but
 * still redacts secret field names and scrubs every string (a path may carry a SNILS); a nested value, should
 * one ever be passed, still goes through `redact`.
 */
export function requestLineLogger(logger: Logger): RequestLineLogger {
  return logger.child({}, { formatters: { log: redactFlat } });
}

function redactFlat(obj: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in obj) {
    const v = (obj as Record<string, unknown>)[k];
    out[k] = SECRET_KEYS.has(k.toLowerCase())
      ? '[redacted]'
      : typeof v === 'string'
        ? scrubText(v)
        : v !== null && typeof v === 'object'
          ? redact(v)
          : v;
  }
  return out;
}

/**
 * A line's own fields without those the logger's bindings already carry with the same value (a component that
 * logs `{ instance }` through a child bound to that instance): JSON lines with one key twice are ambiguous to
 * readers. A field that differs from its binding is kept under `log.<name>`, so nothing is lost.
 */
function withoutBoundKeys(fields: object, bindings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (!(k in bindings)) out[k] = v;
    else if (bindings[k] !== v) out[`log.${k}`] = v;
  }
  return out;
}

/** How long a log line may wait in the buffer of standard output at most (ms). */
const LOG_FLUSH_MS = 100;
/** How many bytes of lines are written together under load. */
const LOG_BATCH_BYTES = 12 * 1024;

/**
 * Standard output in batches: lines gather up to 12 KiB and are written together, and at least every
 * LOG_FLUSH_MS, instead of one blocking write(2) per line on the request's path (issue 11: the request line's
 * write was ≈ 5–8 % of a password decision's CPU; with 4 KiB batches the writes were still ≈ 4 %, each a
 * system call that wakes the reader of the pipe). sonic-boom wants the batch below its largest write (16 KiB).
 * pino flushes what is left synchronously when the process exits.
 */
function bufferedStdout(): DestinationStream {
  // pino.destination registers the synchronous flush at exit itself.
  const stream = pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH_BYTES });
  let pending = false;
  setInterval(() => {
    if (!pending) return;
    pending = false;
    try {
      stream.flush();
    } catch {
      // Ended (the process is exiting): its exit handler wrote what was left.
    }
  }, LOG_FLUSH_MS).unref();
  return {
    write(line: string) {
      pending = true;
      stream.write(line);
    },
  };
}

/**
 * The process logger: JSON lines with an ISO 8601 `time`, every object and message passed through `redact`
 * (dates as ISO strings), no key twice in a line. Stack traces are logged (for operators) but scrubbed like
 * everything else; they never reach a client.
 */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  const root = pino(
    {
      level: options.level,
      base: undefined,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redact(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a, i) =>
            typeof a === 'string'
              ? scrubText(a)
              : i === 0 && a !== null && typeof a === 'object' && !(a instanceof Error)
                ? withoutBoundKeys(a, this.bindings())
                : a,
          );
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? bufferedStdout(),
  );
  // A child inherits `child` from its parent (pino builds it with Object.create), so every descendant binds
  // only what its ancestors do not already bind with the same value.
  const bindChild = root.child;
  root.child = function child(this: Logger, bindings, childOptions) {
    return bindChild.call(this, withoutBoundKeys(bindings, this.bindings()), childOptions);
  } as Logger['child'];
  return root;
}
