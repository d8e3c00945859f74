import type { GoldenPathRules } from '../../contracts/index.ts';

/** What the scanner knows of one event type before the scan: its facts from the rules, looked up once per event. */
export interface TypeFacts {
  /** Its bit in RunTypes (0: not one of the types given a bit). */
  bit: number;
  /** Its bit in SpanView.requiredSeen (0: not in rules.spans.required). */
  required: number;
  terminal: boolean;
  /** Named by the rules (start, terminal, follows, tool pairing): the span and order rules apply to it. */
  ruled: boolean;
  /** An error frame (error_message, error, agent_error): it carries an error code. */
  error: boolean;
}

/** The facts of a type the rules do not name and that is no error frame. */
export const UNNAMED_TYPE: TypeFacts = { bit: 0, required: 0, terminal: false, ruled: false, error: false };

/** The types the span and order rules apply to: the start, the terminals, those `follows` rules, the tool pairing. */
export function ruledTypes(
  rules: Pick<GoldenPathRules, 'start' | 'terminal' | 'follows' | 'toolPairing'>,
): Set<string> {
  return new Set([
    rules.start,
    ...rules.terminal,
    ...Object.keys(rules.follows),
    rules.toolPairing.open,
    rules.toolPairing.close,
  ]);
}

/** Types given a bit in RunTypes; any further one goes to its Set. */
const MAX_BITS = 31;

/**
 * The facts of every type the rules name (and the error frames), for the scanner to look up once per event.
 * @example typeFacts(rules, ['error_message']).get(rules.start)?.ruled // true
 */
export function typeFacts(rules: GoldenPathRules, errorTypes: readonly string[]): ReadonlyMap<string, TypeFacts> {
  const ruled = ruledTypes(rules);
  const named = [
    ...new Set([
      ...ruled,
      ...Object.values(rules.follows).flat(),
      ...rules.spans.required,
      ...rules.required,
      ...errorTypes,
    ]),
  ];
  const facts = new Map<string, TypeFacts>();
  named.forEach((type, i) => {
    const required = rules.spans.required.lastIndexOf(type);
    facts.set(type, {
      bit: i < MAX_BITS ? 1 << i : 0,
      required: required !== -1 ? 1 << required : 0,
      terminal: rules.terminal.includes(type),
      ruled: ruled.has(type),
      error: errorTypes.includes(type),
    });
  });
  return facts;
}

/**
 * The event types a run showed: one bit each for the types the rules name, a Set only for the others (created at the
 * first). One small object per run instead of a Set, and nothing hashed again for a type the scanner looked up.
 * @example const types = new RunTypes(facts); types.add('agent_started', facts.get('agent_started')!); types.has('agent_started') // true
 */
export class RunTypes {
  private bits = 0;
  private others: Set<string> | undefined;

  constructor(private readonly facts: ReadonlyMap<string, TypeFacts>) {}

  /** Notes `type`, whose facts the caller already looked up. */
  add(type: string, facts: TypeFacts): void {
    if (facts.bit !== 0) this.bits |= facts.bit;
    else (this.others ??= new Set()).add(type);
  }

  has(type: string): boolean {
    const bit = this.facts.get(type)?.bit ?? 0;
    return bit !== 0 ? (this.bits & bit) !== 0 : this.others?.has(type) === true;
  }
}
