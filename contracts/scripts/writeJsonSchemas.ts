import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderJsonSchemas } from '../renderJsonSchemas.ts';

const outDir = fileURLToPath(new URL('../json-schema/', import.meta.url));
await mkdir(outDir, { recursive: true });
const files = renderJsonSchemas();
for (const existing of await readdir(outDir)) {
  if (!files.has(existing)) await rm(new URL(existing, `file://${outDir}`));
}
for (const [name, text] of files) await writeFile(`${outDir}${name}`, text);
console.log(`goldpath: wrote ${files.size} JSON Schema files to contracts/json-schema/`);
