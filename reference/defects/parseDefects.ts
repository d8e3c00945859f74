import { DEFECT_NAMES, PIPELINE_ONLY_DEFECTS, SLOW_FACTORY_DEFAULT_MS, type DefectName } from './defectCatalog.ts';

/** One enabled defect: strikes a `probability` fraction of runs; `parameter` is the `:<n>` suffix, if any. */
export interface DefectSpec {
  readonly name: DefectName;
  readonly probability: number;
  readonly parameter: number | undefined;
}

export class DefectSpecError extends Error {
  readonly code = 'REFERENCE_DEFECT_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'DefectSpecError';
  }
}

const SPEC = /^([a-z-]+)(?::(\d+))?(?:@([0-9.]+))?$/;

/**
 * Parses `name`, `name@p` (0 < p <= 1) and `name:<n>` (a numeric parameter, e.g. `slow-factory:300`).
 * Accepts a list or one comma-separated string.
 * @example parseDefects('drop-thinking,shared-emitter@0.05,slow-factory:300')
 */
export function parseDefects(input: string | readonly string[]): DefectSpec[] {
  const entries = (typeof input === 'string' ? [input] : input)
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const seen = new Set<string>();
  return entries.map((entry) => {
    const match = SPEC.exec(entry);
    if (!match) {
      throw new DefectSpecError(
        `Invalid defect "${entry}": expected "name", "name@p" or "name:<n>" (e.g. "drop-thinking@0.05", "slow-factory:300").`,
      );
    }
    const [, name = '', parameterText, probabilityText] = match;
    if (!isDefectName(name)) {
      throw new DefectSpecError(`Unknown defect "${name}": expected one of ${DEFECT_NAMES.join(', ')}.`);
    }
    if (seen.has(name)) throw new DefectSpecError(`Defect "${name}" is listed twice: list each defect once.`);
    seen.add(name);
    const probability = probabilityText === undefined ? 1 : Number(probabilityText);
    if (!(probability > 0 && probability <= 1)) {
      throw new DefectSpecError(
        `Defect "${entry}": expected a probability 0 < p <= 1 after "@", received ${probabilityText}.`,
      );
    }
    if (parameterText !== undefined && name !== 'slow-factory') {
      throw new DefectSpecError(`Defect "${entry}": only slow-factory takes a ":<ms>" parameter.`);
    }
    const parameter =
      parameterText === undefined
        ? name === 'slow-factory'
          ? SLOW_FACTORY_DEFAULT_MS
          : undefined
        : Number(parameterText);
    return { name, probability, parameter };
  });
}

export function isDefectName(name: string): name is DefectName {
  return (DEFECT_NAMES as readonly string[]).includes(name);
}

/** Throws when a defect that needs the supervisor pipeline is enabled on the single-agent shape. */
export function assertDefectsFitShape(specs: readonly DefectSpec[], agentShape: 'pipeline' | 'single'): void {
  if (agentShape === 'pipeline') return;
  const misfits = specs.filter((spec) => PIPELINE_ONLY_DEFECTS.has(spec.name)).map((spec) => spec.name);
  if (misfits.length > 0) {
    throw new DefectSpecError(
      `Defect${misfits.length === 1 ? '' : 's'} ${misfits.join(', ')} need${misfits.length === 1 ? 's' : ''} the supervisor pipeline: use agentShape "pipeline" (the default), or drop ${misfits.length === 1 ? 'it' : 'them'}.`,
    );
  }
}
