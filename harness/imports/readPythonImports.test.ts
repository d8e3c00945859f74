import { describe, expect, it } from 'vitest';
import { globToRegExp } from './globToRegExp.ts';
import { loadPythonParser } from './loadPythonParser.ts';
import { mentionsModule } from './mentionsModule.ts';
import { readPythonImports } from './readPythonImports.ts';
import { resolveRelativeModule } from './resolveRelativeModule.ts';

const parser = await loadPythonParser();
const read = (source: string, pkg: string[] = ['app', 'core']) => readPythonImports(parser, source, pkg, ['a.b']);

describe('readPythonImports', () => {
  it('reads several modules in one import statement, with and without alias', () => {
    expect(read('import a.b, c.d as e\n').imports).toEqual([
      { line: 1, statement: 'import a.b, c.d as e', kind: 'import', modules: ['a.b', 'c.d'], names: [], context: [] },
    ]);
  });

  it('reads a from-import continued with a backslash and a parenthesised list with a trailing comma and a comment', () => {
    const { imports } = read('from a.b \\\n    import X\nfrom a.b import (  # the factory\n    Y as Z,\n    W,\n)\n');
    expect(imports.map((i) => [i.line, i.modules, i.names])).toEqual([
      [1, ['a.b'], ['X']],
      [3, ['a.b'], ['Y', 'W']],
    ]);
  });

  it('resolves one, two and three leading dots against the file package', () => {
    const { imports } = read(
      'from . import x\nfrom .. import y\nfrom ..m.n import z\nfrom ... import w\nfrom .... import v\n',
    );
    expect(imports.map((i) => i.modules)).toEqual([['app.core'], ['app'], ['app.m.n'], [], []]);
  });

  it('marks imports under if TYPE_CHECKING, typing.TYPE_CHECKING, its else branch and a nested function', () => {
    const src =
      'import typing\nif typing.TYPE_CHECKING:\n    import a.b\nelse:\n    import c\ndef f():\n    if TYPE_CHECKING:\n        import d\n';
    expect(read(src).imports.map((i) => [i.modules[0], i.context])).toEqual([
      ['typing', []],
      ['a.b', ['type-checking']],
      ['c', ['conditional']],
      ['d', ['type-checking', 'function']],
    ]);
  });

  it('marks an import guarded by a try whose except catches ModuleNotFoundError in a tuple, not one guarded by except KeyError', () => {
    const src =
      'try:\n    import a.b\nexcept (KeyError, ModuleNotFoundError) as e:\n    pass\ntry:\n    import c\nexcept KeyError:\n    pass\n';
    expect(read(src).imports.map((i) => i.context)).toEqual([['try-import-error'], []]);
  });

  it('never reads an import out of a string, a docstring, an f-string or a comment', () => {
    const src = '"""\nfrom a.b import X\n"""\ns = "import a.b"\nf = f"from a.b import {X}"\n# from a.b import X\n';
    const out = read(src);
    expect(out.imports).toEqual([]);
    expect(out.mentions.map((m) => `${m.line} ${m.kind}`)).toEqual(['1 string', '4 string', '5 string', '6 comment']);
  });
});

describe('helpers', () => {
  it('mentionsModule matches whole dotted names, and file paths', () => {
    expect([
      mentionsModule('"a.b.C"', 'a.b'),
      mentionsModule('"a.bc"', 'a.b'),
      mentionsModule('"xa.b"', 'a.b'),
      mentionsModule('see a/b.py', 'a.b'),
    ]).toEqual([true, false, false, true]);
  });

  it('resolveRelativeModule climbs one package per extra dot', () => {
    expect([
      resolveRelativeModule(['p', 'q'], 1, ''),
      resolveRelativeModule(['p', 'q'], 2, 'r'),
      resolveRelativeModule(['p'], 3, 'r'),
      resolveRelativeModule([], 1, 'top'),
    ]).toEqual(['p.q', 'p.r', undefined, undefined]);
  });

  it('globToRegExp: ** spans folders (also none), * stays in one name', () => {
    const re = globToRegExp('**/tests/**');
    expect([re.test('tests/a.py'), re.test('x/tests/y/a.py'), re.test('x/mytests/a.py')]).toEqual([true, true, false]);
    expect([
      globToRegExp('**/test_*.py').test('test_a.py'),
      globToRegExp('**/test_*.py').test('a/test_b/c.py'),
    ]).toEqual([true, false]);
  });
});
