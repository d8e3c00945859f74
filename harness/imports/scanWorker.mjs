// A worker thread of the import census: the built scanWorkerMain.js beside it (the package), else the TypeScript
// sources through tsx, as bin/goldpath.mjs does.
import { existsSync } from 'node:fs';

const built = new URL('./scanWorkerMain.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./scanWorkerMain.ts');
}
