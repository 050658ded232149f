import type { DiaryInstance } from './diary-directory';

/** The URL parsed, or null when it is not an absolute http(s) address. */
function parse(candidate: unknown): URL | null {
  if (typeof candidate !== 'string' || candidate.length > 2048) return null;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** The entry's path as a prefix that ends at a segment boundary: `/app` allows `/app/x`, never `/apple`. */
function withinPrefix(path: string, prefix: string): boolean {
  if (prefix === '/' || prefix === '') return true;
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return path === prefix || path.startsWith(base);
}

/**
 * True when `candidate` is on the instance's allow-list: the same origin (scheme, host and port after URL
 * parsing, so `https://diary.ru@evil.ru` and `https://diary.ru.evil.ru` fail) and a path under the entry's path.
 * Credentials in the URL are refused outright.
 */
export function isAllowedReturnUrl(
  candidate: unknown,
  instance: Pick<DiaryInstance, 'returnUrlAllowlist'>,
): boolean {
  const url = parse(candidate);
  if (!url || url.username || url.password) return false;
  return instance.returnUrlAllowlist.some((entry) => {
    const allowed = parse(entry);
    return !!allowed && allowed.origin === url.origin && withinPrefix(url.pathname, allowed.pathname);
  });
}

/** Where to send the person back to: the address if allow-listed, otherwise the instance's own base URL. */
export function safeReturnUrl(
  candidate: unknown,
  instance: Pick<DiaryInstance, 'returnUrlAllowlist' | 'baseUrl'>,
): string {
  return isAllowedReturnUrl(candidate, instance) ? new URL(candidate as string).toString() : instance.baseUrl;
}
