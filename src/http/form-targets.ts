import type { Response } from 'express';

/** `csp` with `origins` added to its form-action directive. */
export function cspWithFormTargets(csp: string, origins: readonly string[]): string {
  if (!origins.length) return csp;
  return csp.replace(
    /form-action ([^;]*)/,
    (_m, values: string) => `form-action ${values} ${origins.join(' ')}`,
  );
}

/**
 * Lets the forms of this page post into `origins` as well as our own. Chromium applies the page's CSP
 * form-action to every redirect that follows a form submission, and the provider's answer to «Войти» or
 * «Привязать» is a redirect to the diary's `redirect_uri`; only the diary this interaction belongs to is added.
 */
export function allowFormsInto(res: Response, origins: readonly string[]): void {
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp === 'string') res.setHeader('Content-Security-Policy', cspWithFormTargets(csp, origins));
}
