// `npm run layers`: checks the tree against goldpath's layer rules (lint/dependency-cruiser.cjs) and exits 1 on a
// violation. It checks the folders of the current directory, so a test can run it on a copy of part of the tree.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('./patchSwcVisitor.cjs');
const config = require('./dependency-cruiser.cjs');
const { cruise } = await import('dependency-cruiser');

const ROOTS = [
  'contracts',
  'harness',
  'reference',
  'scenarios',
  'bench',
  'bin',
  'test',
  'docker',
  'lint',
  'playwright.config.ts',
  'vitest.config.ts',
  'eslint.config.mjs',
];

const roots = ROOTS.filter((root) => existsSync(root));
const { output, exitCode } = await cruise(roots, {
  ...config.options,
  ruleSet: config,
  validate: true,
  outputType: 'err',
});
process.stdout.write(String(output));
process.exitCode = exitCode === 0 ? 0 : 1;
