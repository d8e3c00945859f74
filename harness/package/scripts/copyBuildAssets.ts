// After `tsc -p tsconfig.build.json`: copies what the built package needs beside its JavaScript and is not TypeScript
// (the JSON Schema files, the import census worker's entry).
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../../common/moduleExtension.ts';

const ASSETS = ['contracts/json-schema', 'harness/imports/scanWorker.mjs'];

for (const asset of ASSETS) {
  const to = join(PACKAGE_ROOT, 'dist', asset);
  mkdirSync(dirname(to), { recursive: true });
  cpSync(join(PACKAGE_ROOT, asset), to, { recursive: true });
}
