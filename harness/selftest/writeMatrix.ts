import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatMatrix } from './formatMatrix.ts';
import { SelftestMatrix } from '../../contracts/SelftestMatrix.ts';

/**
 * Writes matrix.json (validated against the schema) and matrix.md into `outDir`; returns their paths.
 * @example await writeMatrix(matrix, 'reports/selftest')
 */
export async function writeMatrix(matrix: SelftestMatrix, outDir: string): Promise<{ json: string; markdown: string }> {
  await mkdir(outDir, { recursive: true });
  const json = join(outDir, 'matrix.json');
  const markdown = join(outDir, 'matrix.md');
  await writeFile(json, `${JSON.stringify(SelftestMatrix.parse(matrix), null, 2)}\n`);
  await writeFile(markdown, `# goldpath detection matrix\n\n${formatMatrix(matrix)}\n`);
  return { json, markdown };
}
