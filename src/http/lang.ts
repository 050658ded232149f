import type { Request } from 'express';
import type { Lang } from './views/layout';

/** Russian unless the person asked for English (`?lang=en`) or their browser prefers it over Russian. */
export function pickLang(req: Request): Lang {
  const q = req.query['lang'];
  if (q === 'en' || q === 'ru') return q;
  return req.acceptsLanguages('ru', 'en') === 'en' ? 'en' : 'ru';
}

/** API clients get JSON; people get a page. */
export function wantsJson(req: Request): boolean {
  if (req.path.startsWith('/api/')) return true;
  return req.accepts(['html', 'json']) === 'json';
}
