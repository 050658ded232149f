/**
 * The keys that occur more than once in one object of a JSON text, at any depth (`JSON.parse` keeps the last
 * one silently, which is exactly why a reader of a log line cannot tell which value counts). A small scanner
 * written for the tests: it trusts the text to be valid JSON (parse it first).
 */
export function duplicateKeys(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  const space = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const keys = new Set<string>();
      space();
      while (text[i] !== '}') {
        space();
        const key = string();
        if (keys.has(key)) found.push(key);
        keys.add(key);
        space();
        i++; // ':'
        value();
        space();
        if (text[i] === ',') i++;
        space();
      }
      i++;
    } else if (c === '[') {
      i++;
      space();
      while (text[i] !== ']') {
        value();
        space();
        if (text[i] === ',') i++;
        space();
      }
      i++;
    } else if (c === '"') string();
    else while (i < text.length && !/[,\]}\s]/.test(text[i]!)) i++;
  };
  value();
  return found;
}
