import type { DefectName } from './defectCatalog.ts';

/** The defects that strike one run, drawn once when its request arrives and passed down the code path. */
export class RunFaults {
  static readonly none = new RunFaults(new Map());

  constructor(private readonly active: ReadonlyMap<DefectName, number | undefined>) {}

  has(name: DefectName): boolean {
    return this.active.has(name);
  }

  parameter(name: DefectName): number | undefined {
    return this.active.get(name);
  }

  get size(): number {
    return this.active.size;
  }
}
