const IDENT = /[A-Za-z0-9_]/;

/** The texts that name a module in a string or comment: its dotted path and its file path form. */
export function moduleNeedles(module: string): [string, string] {
  return [module, module.replace(/\./g, '/')];
}

/**
 * Whether `text` names `module` (dotted, or as a path) as a whole name: `a.b.c` names `a.b`, `a.bc` does not.
 * @example mentionsModule('patch("a.b.C")', 'a.b') // true
 */
export function mentionsModule(text: string, module: string): boolean {
  for (const needle of moduleNeedles(module)) {
    for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
      const before = text[i - 1];
      const after = text[i + needle.length];
      if ((before === undefined || !IDENT.test(before)) && (after === undefined || !IDENT.test(after))) return true;
    }
  }
  return false;
}
