import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { fromRoot } from '../../paths';
import { vendorOpenApi } from './openapi.document';

/** Where the published diary API (what a diary implements for the gateway) is committed. */
export const DIARY_API_DOCUMENT = 'docs/diary-api.openapi.json';

/**
 * `GET /openapi.json`: the vendor API description; `GET /diary-api.json`: the diary API a vendor implements
 * (docs/diary-api.openapi.json, read once). Both public, cacheable.
 */
export function openapiRoute(publicUrl = ''): Router {
  const router = Router();
  let diaryApi: unknown;
  router.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(vendorOpenApi(publicUrl));
  });
  router.get('/diary-api.json', (_req, res) => {
    diaryApi ??= JSON.parse(readFileSync(fromRoot(DIARY_API_DOCUMENT), 'utf8'));
    res.set('Cache-Control', 'public, max-age=300').json(diaryApi);
  });
  return router;
}
