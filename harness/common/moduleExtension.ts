import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `.ts` when goldpath runs from its sources, `.js` when it runs from the built package (dist/). */
export const MODULE_EXTENSION: '.ts' | '.js' = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** The folder holding playwright.config and scenarios/: the repository root from the sources, dist/ when built. */
export const CODE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The package's own folder (where package.json is), from the sources and from dist/ alike. */
export const PACKAGE_ROOT = MODULE_EXTENSION === '.ts' ? CODE_ROOT : resolve(CODE_ROOT, '..');
