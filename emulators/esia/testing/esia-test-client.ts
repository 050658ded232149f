import { randomUUID } from 'node:crypto';
import type { DemoClientSigner } from './demo-client.signer';

/** `yyyy.MM.dd HH:mm:ss +0300`: the instant in Moscow time, as ESIA's timestamp parameter wants it. */
export function esiaTimestamp(at: Date, offsetMinutes = 180): string {
  const local = new Date(at.getTime() + offsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}.${two(local.getUTCMonth() + 1)}.${two(local.getUTCDate())} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`
  );
}

/** Parameters of a v2/ac request; `signedText` replaces the string the secret is computed over (to test 007053). */
export interface AuthorizationInput {
  clientId?: string;
  scope?: string;
  redirectUri: string;
  accessType?: 'online' | 'offline';
  at?: Date;
  state?: string;
  signedText?: string;
  overrides?: Record<string, string | null>;
}

/** A signed v2/ac URL, and the state it carries. */
export function authorizationUrl(
  base: string,
  signer: DemoClientSigner,
  input: AuthorizationInput,
): { url: string; state: string } {
  const clientId = input.clientId ?? 'ELG_DEMO';
  const scope = input.scope ?? 'openid fullname birthdate gender snils';
  const state = input.state ?? randomUUID();
  const timestamp = esiaTimestamp(input.at ?? new Date());
  const text = input.signedText ?? clientId + scope + '' + timestamp + state + input.redirectUri;
  const params: Record<string, string | null> = {
    client_id: clientId,
    client_secret: signer.sign(text).toString('base64url'),
    redirect_uri: input.redirectUri,
    scope,
    response_type: 'code',
    state,
    timestamp,
    access_type: input.accessType ?? 'online',
    client_certificate_hash: signer.certificateHash,
    ...input.overrides,
  };
  const query = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== null),
  );
  return { url: `${base}/aas/oauth2/v2/ac?${query.toString()}`, state };
}

/** Parameters of a v3/te request (authorization code or refresh token). */
export interface TokenInput {
  code?: string;
  refreshToken?: string;
  scope?: string;
  redirectUri: string;
  clientId?: string;
  at?: Date;
  signedText?: string;
  overrides?: Record<string, string | null>;
}

/** Posts a signed, form-urlencoded v3/te request with a fresh state; returns status, JSON body and that state. */
export async function tokenRequest(base: string, signer: DemoClientSigner, input: TokenInput) {
  const clientId = input.clientId ?? 'ELG_DEMO';
  const scope = input.scope ?? 'openid fullname birthdate gender snils';
  const state = randomUUID();
  const timestamp = esiaTimestamp(input.at ?? new Date());
  const grant = input.refreshToken ? '' : (input.code ?? '');
  const text = input.signedText ?? clientId + scope + '' + timestamp + state + input.redirectUri + grant;
  const params: Record<string, string | null> = {
    client_id: clientId,
    ...(input.refreshToken
      ? { grant_type: 'refresh_token', refresh_token: input.refreshToken }
      : { grant_type: 'authorization_code', code: input.code ?? '' }),
    client_secret: signer.sign(text).toString('base64url'),
    state,
    redirect_uri: input.redirectUri,
    scope,
    timestamp,
    token_type: 'Bearer',
    client_certificate_hash: signer.certificateHash,
    ...input.overrides,
  };
  const body = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== null),
  );
  const response = await fetch(`${base}/aas/oauth2/v3/te`, { method: 'POST', body, redirect: 'manual' });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, state };
}

/** A browser with one cookie jar and no automatic redirects: enough to drive ESIA's pages. */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  async get(url: string): Promise<Response> {
    return this.send(url, { method: 'GET' });
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.send(url, { method: 'POST', body: new URLSearchParams(form) });
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    return response;
  }
}

/** The attributes of one HTML tag, whatever its line breaks and quoting of values. */
function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** The first form in a page that contains `marker`: its action and its hidden inputs. */
export function formWith(html: string, marker: string): { action: string; fields: Record<string, string> } {
  const form = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].find((m) => m[2]!.includes(marker));
  if (!form) throw new Error(`no form containing ${marker}`);
  const fields: Record<string, string> = {};
  for (const [tag] of form[2]!.matchAll(/<input\b[^>]*>/g)) {
    const input = attributes(tag);
    if (input.type === 'hidden' && input.name) fields[input.name] = input.value ?? '';
  }
  return { action: attributes(form[1]!).action ?? '', fields };
}

/** Follows v2/ac through sign-in (persona button) and consent; returns the redirect back to the client. */
export async function signInAndDecide(
  base: string,
  browser: TestBrowser,
  authUrl: string,
  personaId: string,
  decision: 'grant' | 'deny' = 'grant',
): Promise<URL> {
  let response = await browser.get(authUrl);
  let location = new URL(response.headers.get('location') ?? '', base);
  if (location.pathname === '/login') {
    const page = await (await browser.get(location.toString())).text();
    const form = formWith(page, `value="${personaId}"`);
    response = await browser.post(new URL(form.action, base).toString(), form.fields);
    location = new URL(response.headers.get('location') ?? '', base);
  }
  if (location.pathname !== '/aas/oauth2/consent') return location;
  const consent = await (await browser.get(location.toString())).text();
  const form = formWith(consent, 'Предоставить');
  response = await browser.post(new URL(form.action, base).toString(), { ...form.fields, decision });
  return new URL(response.headers.get('location') ?? '', base);
}
