// Regenerates the configuration reference in README.md from src/config/ (one file per area) (a test keeps the two equal).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigReference } from '../src/config';

const path = join(__dirname, '..', 'README.md');
const readme = readFileSync(path, 'utf8');
const pattern = /<!-- config:begin -->[\s\S]*<!-- config:end -->/;
if (!pattern.test(readme))
  throw new Error('README.md has no <!-- config:begin --> … <!-- config:end --> markers');
writeFileSync(
  path,
  readme.replace(pattern, `<!-- config:begin -->\n${renderConfigReference()}\n<!-- config:end -->`),
);
process.stdout.write('README.md configuration reference updated\n');
