import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository (or image) root: the nearest folder above this file with a package.json. The same code runs
 * from src/ under ts-jest and from dist/src/ after the build, so paths to public/ and config/ start here.
 */
export const projectRoot: string = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
})();

/** Resolves a path given in configuration relative to the project root. */
export function fromRoot(path: string): string {
  return resolve(projectRoot, path);
}
