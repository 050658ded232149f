import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diaryApiDocumentText } from './diary-api.document';

/** Writes docs/diary-api.openapi.json from scripts/diary-api.document.ts (`npm run diary-api:docs`). */
const target = join(__dirname, '..', 'docs', 'diary-api.openapi.json');
writeFileSync(target, diaryApiDocumentText());
process.stdout.write(`diary API document written to ${target}\n`);
