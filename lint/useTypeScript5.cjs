// typescript-eslint and dependency-cruiser need the TypeScript 5 compiler API; the project compiles with TypeScript 7,
// which has none. npm hoists some of their helpers (ts-api-utils) next to TypeScript 7, so while the linters run every
// `typescript` request resolves to this workspace's TypeScript 5. Preloaded with `node --require`.
const Module = require('node:module');
const path = require('node:path');

const typescript5 = require.resolve('typescript', { paths: [__dirname] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'typescript' ? typescript5 : resolve.call(this, request, ...rest);
};
if (!require(typescript5).version.startsWith('5.'))
  throw new Error(`lint needs TypeScript 5 in ${path.dirname(typescript5)}`);
