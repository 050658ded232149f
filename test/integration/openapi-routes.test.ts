import type { Express, RequestHandler } from 'express';
import { OPS_OPENAPI } from '../../src/http/ops/ops-openapi';
import { vendorOpenApi } from '../../src/http/vendor-api/openapi.document';
import { buildTestApp } from '../support/test-app';

/**
 * The routes come from the Express app itself: createApp (what src/main.ts serves) with every optional part
 * mounted, walked layer by layer. Its dependencies are empty placeholders: building the routers calls none of
 * them, and this test sends no request, it only reads the router stacks.
 */
const placeholder = <T>() => ({}) as T;
const neverCalled: RequestHandler = () => {
  throw new Error('this test sends no request');
};
const { app } = buildTestApp({
  cutover: placeholder(),
  journeys: placeholder(),
  personData: placeholder(),
  vendorAuth: neverCalled,
});

interface Layer {
  readonly route?: { readonly path: string | string[]; readonly methods: Record<string, boolean> };
  readonly handle: { readonly stack?: readonly Layer[] };
  readonly rawPath?: unknown;
}

/** Every `METHOD /full/path` the app routes, with Express's `:name` parameters written as OpenAPI's `{name}`. */
function servedRoutes(root: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: readonly Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths)
          for (const method of Object.keys(layer.route.methods))
            routes.push(`${method.toUpperCase()} ${prefix}${path.replace(/:(\w+)/g, '{$1}')}`);
      } else if (layer.handle.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((root as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** Every `METHOD /full/path` a document describes, under its server URL. */
function documentedRoutes(document: { servers: ReadonlyArray<{ url: string }>; paths: object }): string[] {
  const base = document.servers[0]!.url;
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item as object)
      .filter((key) => METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${base}${path}`),
  );
}

describe.each([
  ['vendor API', '/api/vendor/v1', vendorOpenApi('') as { servers: Array<{ url: string }>; paths: object }],
  ['operators API', '/api/ops/v1', OPS_OPENAPI],
])('the %s document and the routes the app serves', (_name, prefix, document) => {
  const served = servedRoutes(app)
    .filter((route) => route.split(' ')[1]!.startsWith(`${prefix}/`))
    .sort();
  const documented = documentedRoutes(document).sort();

  it(`describes the API at its mount point ${prefix}`, () => {
    expect(document.servers[0]!.url).toBe(prefix);
  });

  it('every served route is in the document', () => {
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('every documented operation is served', () => {
    expect(documented.filter((route) => !served.includes(route))).toEqual([]);
  });

  it('the walk found the routes (a broken walk would make the two checks above pass on nothing)', () => {
    // Two decisions, the link status and this document (sign-in and linking are OpenID Connect, not this API).
    expect(served.length).toBeGreaterThanOrEqual(4);
    expect(served).toContain(`GET ${prefix}/openapi.json`);
  });
});
