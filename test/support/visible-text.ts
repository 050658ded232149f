/** What a person reads of an HTML page: the tags dropped, white space (no-break spaces too) folded to one space. */
export const visibleText = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
