import { Router } from 'express';
import { vendorOpenApi } from './openapi.document';

/** `GET /openapi.json`: the vendor API description; public, cacheable. */
export function openapiRoute(publicUrl = ''): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(vendorOpenApi(publicUrl));
  });
  return router;
}
