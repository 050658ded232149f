import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPS_OPENAPI } from '../src/http/ops/ops-openapi';
import { vendorOpenApi } from '../src/http/vendor-api/openapi.document';

/**
 * Writes the two OpenAPI documents as the gateway serves them (relative server URLs) to `<folder>/vendor-api.json`
 * and `<folder>/ops-api.json`, for Redocly (`npm run lint:openapi`, redocly.yaml) and other third-party tools.
 * Usage: node -r ./test/support/ts-register.js scripts/openapi-export.ts [folder]   (default .data/openapi)
 */
const folder = process.argv[2] ?? join('.data', 'openapi');
mkdirSync(folder, { recursive: true });
const documents = { 'vendor-api.json': vendorOpenApi(''), 'ops-api.json': OPS_OPENAPI };
for (const [name, document] of Object.entries(documents))
  writeFileSync(join(folder, name), `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`openapi: ${Object.keys(documents).join(', ')} written to ${folder}\n`);
