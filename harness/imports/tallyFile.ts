import type { CategoryCensus, ImportCategory, ImportSite } from '../../contracts/ImportCensus.ts';
import { matchCategory } from './matchCategory.ts';
import { mentionsModule } from './mentionsModule.ts';
import type { PythonFileImports } from './readPythonImports.ts';

/**
 * Adds one parsed file to the census of each category: its sites, other-name imports and mentions.
 * @returns the names of the categories the file imports
 */
export function tallyFile(
  file: string,
  test: boolean,
  read: PythonFileImports,
  categories: readonly ImportCategory[],
  cats: CategoryCensus[],
): string[] {
  const hit: string[] = [];
  categories.forEach((category, k) => {
    const cat = cats[k]!;
    let sites = 0;
    for (const imp of read.imports) {
      const match = matchCategory(imp, category);
      if (!match) continue;
      const site: ImportSite = {
        file,
        line: imp.line,
        test,
        statement: imp.statement,
        names: match.names,
        context: imp.context,
      };
      if (match.kind === 'other') {
        cat.otherImports.push(site);
        continue;
      }
      cat.imports.push(site);
      sites++;
    }
    if (sites > 0) {
      hit.push(cat.name);
      (test ? cat.testFiles : cat.productionFiles).push(file);
      cat.sites += sites;
      if (test) cat.testSites += sites;
      else cat.productionSites += sites;
    }
    const mentions = read.mentions.filter((m) => mentionsModule(m.text, category.module));
    if (mentions.length > 0) {
      cat.mentionFiles.push(file);
      cat.mentions.push(...mentions.map((m) => ({ file, line: m.line, test, kind: m.kind, text: m.text })));
    }
  });
  return hit;
}
