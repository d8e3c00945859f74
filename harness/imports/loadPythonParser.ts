import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { InfrastructureError } from '../common/GoldpathError.ts';

let loading: Promise<Parser> | undefined;

/**
 * tree-sitter's Python grammar (WASM shipped by the tree-sitter-python package), loaded once per process.
 * @example const parser = await loadPythonParser(); const tree = parser.parse('import a.b as c');
 */
export function loadPythonParser(): Promise<Parser> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    let wasm: string;
    try {
      wasm = require.resolve('tree-sitter-python/tree-sitter-python.wasm');
    } catch (error) {
      throw new InfrastructureError(
        'GOLDPATH_PYTHON_GRAMMAR_MISSING',
        'the Python grammar (tree-sitter-python.wasm from the tree-sitter-python package) is not installed. Did you forget to run `npm ci`?',
        { cause: error },
      );
    }
    await Parser.init();
    const parser = new Parser();
    parser.setLanguage(await Language.load(wasm));
    return parser;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
