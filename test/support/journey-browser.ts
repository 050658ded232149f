/** A fetched page: status, redirect target (absolute) and text. */
export interface Page {
  status: number;
  location: string | null;
  text: string;
  url: string;
}

/**
 * A browser for cross-origin journeys: one cookie jar per origin (gateway, ESIA, diaries), no automatic
 * redirects (fetch would drop cookies across them), url-encoded forms. `follow` walks redirects by hand.
 */
export class JourneyBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  async get(url: string): Promise<Response> {
    return this.send(url, { method: 'GET' });
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.send(url, {
      method: 'POST',
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** GET (or POST) and follow redirects until a page answers, or until `stopAt(url)` is true for a redirect target. */
  async follow(
    url: string,
    options: { form?: Record<string, string>; stopAt?: (url: URL) => boolean; max?: number } = {},
  ): Promise<Page> {
    let response = options.form ? await this.post(url, options.form) : await this.get(url);
    let current = url;
    let text: string | null = null;
    for (let i = 0; i < (options.max ?? 12); i++) {
      text = null;
      let location = response.headers.get('location');
      if (!location || response.status < 300 || response.status >= 400) {
        // A page that goes on by itself (the gateway's hand-off) is followed like a browser does.
        text = await response.text();
        location = metaRefresh(text);
        if (!location) break;
      }
      const next = new URL(location, current);
      if (options.stopAt?.(next))
        return { status: response.status, location: next.toString(), text: text ?? '', url: current };
      current = next.toString();
      response = await this.get(current);
    }
    const location = response.headers.get('location');
    text ??= await response.text();
    return {
      status: response.status,
      location: location ? new URL(location, current).toString() : metaRefresh(text),
      text,
      url: current,
    };
  }

  private async send(
    url: string,
    init: RequestInit & { headers?: Record<string, string> },
  ): Promise<Response> {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) };
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join('='));
    }
    return response;
  }
}

/** The target of a page's `<meta http-equiv="refresh" content="0; url=…">`, HTML entities undone. */
function metaRefresh(text: string): string | null {
  const match = /<meta http-equiv="refresh" content="\d+; url=([^"]+)"/.exec(text);
  return match ? match[1]!.replace(/&amp;/g, '&').replace(/&#x2F;|&#47;/g, '/') : null;
}

/** The value of the hidden `_csrf` field of the gateway's forms. */
export function csrfOf(page: Page): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page.text);
  if (!match) throw new Error(`no _csrf in page ${page.url}`);
  return match[1]!;
}
