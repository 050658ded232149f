/**
 * Crafted return addresses for a diary whose registered redirect_uri is `https://diary.example.ru/app`: each
 * must be refused by the provider (a page of the gateway, never a redirect there). Reusable by any test of a
 * return address: the authorization request's redirect_uri, the logout's post_logout_redirect_uri.
 */
export const REGISTERED_RETURN_ADDRESS = 'https://diary.example.ru/app';

/**
 * Addresses a prefix or origin rule would let through and the exact match of a registration does not
 * (RFC 9700 §4.1.3: redirect URIs are compared as exact strings).
 */
export const NEAR_MISSES: ReadonlyArray<readonly [string, string]> = [
  ['trailing slash', 'https://diary.example.ru/app/'],
  ['a page below it', 'https://diary.example.ru/app/settings?tab=esia'],
  ['a fragment', 'https://diary.example.ru/app#done'],
  ['a query', 'https://diary.example.ru/app?next=/settings'],
  ['upper-case host', 'https://DIARY.example.ru/app'],
  ['explicit default port', 'https://diary.example.ru:443/app'],
];

/** [why it is an attack, the address]. */
export const CRAFTED_RETURN_ADDRESSES: ReadonlyArray<readonly [string, string]> = [
  ['another host', 'https://evil.example/app'],
  ['another host, same path', 'https://evil.example/app/settings'],
  ['suffix host', 'https://diary.example.ru.evil.example/app'],
  ['prefix host', 'https://evildiary.example.ru/app'],
  ['sub-domain', 'https://x.diary.example.ru/app'],
  ['parent domain', 'https://example.ru/app'],
  ['http instead of https', 'http://diary.example.ru/app'],
  ['another port', 'https://diary.example.ru:8443/app'],
  ['protocol-relative', '//evil.example/app'],
  ['protocol-relative to the diary', '//diary.example.ru/app'],
  ['triple slash', '///evil.example/app'],
  ['backslashes', '\\\\evil.example\\app'],
  ['slash-backslash', '/\\evil.example/app'],
  ['backslash after scheme', 'https:\\\\evil.example\\app'],
  ['mixed slashes after scheme', 'https:/\\evil.example/app'],
  ['relative path', '/app/settings'],
  ['relative without slash', 'app/settings'],
  ['dot-dot path escape', 'https://diary.example.ru/app/../admin'],
  ['encoded dot-dot escape', 'https://diary.example.ru/app/%2e%2e/admin'],
  ['path prefix without boundary', 'https://diary.example.ru/apple'],
  ['other path', 'https://diary.example.ru/admin'],
  ['userinfo: diary as user', 'https://diary.example.ru@evil.example/app'],
  ['userinfo: diary:pass as user', 'https://diary.example.ru:443@evil.example/app'],
  ['userinfo on the right host', 'https://user:pass@diary.example.ru/app'],
  ['userinfo user only on the right host', 'https://user@diary.example.ru/app'],
  ['encoded @ in host', 'https://diary.example.ru%40evil.example/app'],
  ['encoded slash in host', 'https://evil.example%2fdiary.example.ru/app'],
  ['encoded scheme', 'https%3A%2F%2Fevil.example%2Fapp'],
  ['double-encoded', 'https%253A%252F%252Fevil.example'],
  ['javascript:', 'javascript:alert(1)'],
  ['JavaScript: mixed case', 'JaVaScRiPt:alert(document.cookie)'],
  ['javascript with leading space', ' javascript:alert(1)'],
  ['javascript with tab inside', 'java\tscript:alert(1)'],
  ['javascript comment trick', 'javascript://diary.example.ru/app%0aalert(1)'],
  ['data: URL', 'data:text/html,<script>alert(1)</script>'],
  ['vbscript:', 'vbscript:msgbox(1)'],
  ['file:', 'file:///etc/passwd'],
  ['ftp to the diary host', 'ftp://diary.example.ru/app'],
  ['unicode look-alike host (Cyrillic а)', 'https://diаry.example.ru/app'],
  ['punycode look-alike host', 'https://xn--dry-8cd.example.ru/app'],
  ['fullwidth dot in host', 'https://diary。example。ru.evil.example/app'],
  ['fullwidth solidus', 'https:／／evil.example/app'],
  ['IP address instead of the host', 'https://127.0.0.1/app'],
  ['decimal IP', 'https://2130706433/app'],
  ['IPv6 loopback', 'https://[::1]/app'],
  ['empty host', 'https:///app'],
  ['CRLF header injection', 'https://diary.example.ru/app\r\nLocation: https://evil.example'],
  ['encoded CRLF to another host', 'https://evil.example/%0d%0aSet-Cookie:x=1'],
  ['null byte host trick', 'https://evil.example%00.diary.example.ru/app'],
  ['trailing-dot host', 'https://diary.example.ru./app'],
  ['empty string', ''],
  ['whitespace only', '   '],
  ['only a scheme', 'https:'],
  ['question mark host trick', 'https://evil.example?https://diary.example.ru/app'],
  ['hash host trick', 'https://evil.example#https://diary.example.ru/app'],
  ['overlong address on the right host', `https://diary.example.ru/app/${'a'.repeat(3000)}`],
];
