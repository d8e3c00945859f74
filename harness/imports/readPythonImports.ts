import type { Node, Parser } from 'web-tree-sitter';
import type { ImportContext } from '../../contracts/ImportCensus.ts';
import { resolveRelativeModule } from './resolveRelativeModule.ts';

/** One import statement of a Python file, with relative module names resolved. */
export interface PythonImport {
  line: number;
  /** The statement as written, whitespace collapsed. */
  statement: string;
  kind: 'import' | 'from';
  /** `import a.b, c`: every dotted module; `from m import x`: the resolved `m` (none when it climbs above the top package). */
  modules: string[];
  /** `from` only: the imported names before `as`, `*` for a star import. */
  names: string[];
  context: ImportContext[];
}

/** A string or comment of the file that contains one of the searched texts. */
export interface PythonMention {
  line: number;
  kind: 'string' | 'comment';
  text: string;
}

export interface PythonFileImports {
  imports: PythonImport[];
  mentions: PythonMention[];
  hasSyntaxError: boolean;
}

const IMPORT_ERRORS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);
const MAX_STATEMENT = 240;

/**
 * Reads the import statements of one Python source with tree-sitter: absolute and relative, inside functions,
 * classes, `try/except ImportError`, `if TYPE_CHECKING:`. Strings and comments are never imports; those that contain
 * one of `mentionTexts` come back as mentions.
 * @param pkg the file's package as dotted parts (its folder), for relative imports
 */
export function readPythonImports(
  parser: Parser,
  source: string,
  pkg: readonly string[],
  mentionTexts: readonly string[] = [],
): PythonFileImports {
  const tree = parser.parse(source);
  if (!tree) return { imports: [], mentions: [], hasSyntaxError: true };
  try {
    const root = tree.rootNode;
    const imports: PythonImport[] = [];
    const mentions: PythonMention[] = [];
    // one walk of the tree: strings and comments are only looked at when the source names a searched text at all
    const types = mentionTexts.some((t) => source.includes(t))
      ? ['import_statement', 'import_from_statement', 'string', 'comment']
      : ['import_statement', 'import_from_statement'];
    for (const node of root.descendantsOfType(types)) {
      if (!node) continue;
      if (node.type === 'import_statement' || node.type === 'import_from_statement') {
        imports.push(readStatement(node, pkg));
        continue;
      }
      if (node.type === 'string' && node.parent?.type === 'string') continue;
      const text = node.text;
      if (mentionTexts.some((t) => text.includes(t)))
        mentions.push({
          line: node.startPosition.row + 1,
          kind: node.type === 'comment' ? 'comment' : 'string',
          text: oneLine(text),
        });
    }
    return { imports, mentions, hasSyntaxError: root.hasError };
  } finally {
    tree.delete();
  }
}

function readStatement(node: Node, pkg: readonly string[]): PythonImport {
  const base = { line: node.startPosition.row + 1, statement: oneLine(node.text), context: contextOf(node) };
  if (node.type === 'import_statement') {
    return {
      ...base,
      kind: 'import',
      modules: node.childrenForFieldName('name').flatMap((n) => (n ? [dottedOf(n)] : [])),
      names: [],
    };
  }
  const moduleNode = node.childForFieldName('module_name');
  let module: string | undefined;
  if (moduleNode?.type === 'relative_import') {
    const prefix = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix');
    const dotted = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name');
    module = resolveRelativeModule(
      pkg,
      prefix ? prefix.text.replace(/\s/g, '').length : 0,
      dotted ? dotted.text.replace(/\s/g, '') : '',
    );
  } else if (moduleNode) {
    module = moduleNode.text.replace(/\s/g, '');
  }
  const names = node.childrenForFieldName('name').flatMap((n) => (n ? [dottedOf(n)] : []));
  if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) names.push('*');
  return { ...base, kind: 'from', modules: module === undefined ? [] : [module], names };
}

/** `a.b` of a dotted_name, or of the name of an aliased_import (`a.b as c` → `a.b`). */
function dottedOf(node: Node): string {
  const name = node.type === 'aliased_import' ? node.childForFieldName('name') : node;
  return (name ?? node).text.replace(/\s/g, '');
}

/** Walks up from the statement: the blocks it sits in, innermost first, without duplicates. */
function contextOf(node: Node): ImportContext[] {
  const found = new Set<ImportContext>();
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'function_definition':
        found.add('function');
        break;
      case 'class_definition':
        found.add('class');
        break;
      case 'try_statement':
        if (
          child.type === 'block' &&
          parent.namedChildren.some((c) => c?.type === 'except_clause' && catchesImportError(c))
        )
          found.add('try-import-error');
        break;
      case 'except_clause':
        if (catchesImportError(parent)) found.add('try-import-error');
        break;
      case 'if_statement':
        if (child.type === 'block' && isTypeChecking(parent.childForFieldName('condition'))) found.add('type-checking');
        else found.add('conditional');
        break;
      case 'elif_clause':
      case 'else_clause':
        if (parent.parent?.type === 'if_statement') found.add('conditional');
        break;
      default:
    }
  }
  return [...found];
}

function catchesImportError(clause: Node): boolean {
  const value = clause.childForFieldName('value');
  if (!value) return true;
  const names = value.type === 'identifier' ? [value] : value.descendantsOfType('identifier');
  return names.some((n) => n !== null && IMPORT_ERRORS.has(n.text));
}

function isTypeChecking(condition: Node | null): boolean {
  if (!condition) return false;
  const text = condition.text.replace(/\s/g, '');
  return text === 'TYPE_CHECKING' || text === 'typing.TYPE_CHECKING';
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_STATEMENT ? `${flat.slice(0, MAX_STATEMENT - 1)}…` : flat;
}
