// A worker thread of the import census: loads the TypeScript sources through tsx, as bin/goldpath.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./scanWorkerMain.ts');
