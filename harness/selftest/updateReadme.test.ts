import { describe, expect, it } from 'vitest';
import { MATRIX_END, MATRIX_START, replaceMatrixSection } from './updateReadme.ts';

describe('replaceMatrixSection', () => {
  it('replaces only the text between the markers', () => {
    const readme = `# goldpath\n\nintro\n\n${MATRIX_START}\nold table\n${MATRIX_END}\n\n## After\n`;
    expect(replaceMatrixSection(readme, '| new |')).toBe(
      `# goldpath\n\nintro\n\n${MATRIX_START}\n| new |\n${MATRIX_END}\n\n## After\n`,
    );
  });

  it('appends a Detection matrix section with the markers when the README has none', () => {
    const out = replaceMatrixSection('# goldpath\n', '| new |');
    expect(out.startsWith('# goldpath\n\n## Detection matrix\n')).toBe(true);
    expect(out).toContain(`${MATRIX_START}\n| new |\n${MATRIX_END}\n`);
    expect(replaceMatrixSection(out, '| newer |')).toBe(out.replace('| new |', '| newer |'));
  });
});
