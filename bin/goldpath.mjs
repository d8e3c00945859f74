#!/usr/bin/env node
// The entry point: goldpath's TypeScript sources through tsx where they are (its own repository), else the built
// JavaScript in dist/ (the published package ships no sources).
import { existsSync } from 'node:fs';

const sources = new URL('../harness/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import(new URL('../dist/harness/cli/main.js', import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
