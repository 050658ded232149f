// Regenerates the data map in docs/personal-data.md from src/personal-data-map.ts (a test keeps the two equal).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPersonalDataMap } from '../src/personal-data-map.markdown';

const path = join(__dirname, '..', 'docs', 'personal-data.md');
let text = readFileSync(path, 'utf8');
for (const lang of ['ru', 'en'] as const) {
  const pattern = new RegExp(`<!-- map:${lang}:begin -->[\\s\\S]*<!-- map:${lang}:end -->`);
  if (!pattern.test(text))
    throw new Error(
      `docs/personal-data.md has no <!-- map:${lang}:begin --> … <!-- map:${lang}:end --> markers`,
    );
  text = text.replace(
    pattern,
    `<!-- map:${lang}:begin -->\n${renderPersonalDataMap(lang)}\n<!-- map:${lang}:end -->`,
  );
}
writeFileSync(path, text);
process.stdout.write('docs/personal-data.md data map updated\n');
