/** A fetched page: status, where it redirects, and its text. */
export interface PageResult {
  status: number;
  location: string | null;
  headers: Headers;
  text: string;
}

/**
 * A browser for tests, enough for the diary's pages: one cookie jar per origin, redirects not followed (fetch
 * cannot carry cookies across them), forms posted url-encoded.
 */
export class DnevnikTestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  async get(url: string): Promise<PageResult> {
    return this.request(url, { method: 'GET' });
  }

  async post(url: string, form: Record<string, string>): Promise<PageResult> {
    return this.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** The CSRF token in a page's forms. */
  static csrf(page: PageResult): string {
    const match = /name="csrf"\s+value="([^"]+)"/.exec(page.text);
    if (!match) throw new Error('no CSRF token on the page');
    return match[1]!;
  }

  /** Signs in with a diary login and password; returns the page it lands on. */
  async signIn(base: string, login: string, password: string): Promise<PageResult> {
    const csrf = DnevnikTestBrowser.csrf(await this.get(`${base}/login`));
    const result = await this.post(`${base}/login`, { csrf, login, password });
    return result.status === 303 ? this.get(new URL(result.location!, base).toString()) : result;
  }

  private async request(url: string, init: RequestInit): Promise<PageResult> {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { Cookie: cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/Expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name!.trim());
      else cookies.set(name!.trim(), value.join('='));
    }
    this.jar.set(origin, cookies);
    return {
      status: response.status,
      location: response.headers.get('location'),
      headers: response.headers,
      text: await response.text(),
    };
  }
}
