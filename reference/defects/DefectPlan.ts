import { createPrng, hashString } from '../random/createPrng.ts';
import type { DefectSpec } from './parseDefects.ts';
import { RunFaults } from './RunFaults.ts';
import { PER_CONNECTION_DEFECTS, type DefectName } from './defectCatalog.ts';

/**
 * Decides, run by run, which enabled defects strike. Each defect draws from its own PRNG seeded by
 * (seed, name), so the n-th run the backend starts gets the same decision on every replay.
 */
export class DefectPlan {
  private draws: { spec: DefectSpec; next: () => number }[] = [];

  constructor(
    readonly specs: readonly DefectSpec[],
    private readonly seed: number,
  ) {
    this.restart();
  }

  /** Rewinds every PRNG: the next run gets the first decision again. */
  restart(): void {
    this.draws = this.specs.map((spec) => ({ spec, next: createPrng(hashString(`${this.seed}:${spec.name}`)) }));
  }

  /** The run-scoped defects that strike the next run. */
  drawForRun(): RunFaults {
    return this.draw(false);
  }

  /** The per-connection defects that strike a socket, drawn at its first frame. */
  drawForConnection(): RunFaults {
    return this.draw(true);
  }

  private draw(perConnection: boolean): RunFaults {
    if (this.draws.length === 0) return RunFaults.none;
    const active = new Map<DefectName, number | undefined>();
    for (const { spec, next } of this.draws) {
      if (PER_CONNECTION_DEFECTS.has(spec.name) !== perConnection) continue;
      if (spec.probability >= 1 || next() < spec.probability) active.set(spec.name, spec.parameter);
    }
    return active.size === 0 ? RunFaults.none : new RunFaults(active);
  }
}
