import { describe, expect, it } from 'vitest';
import { DEFAULT_GOLDEN_PATH_RULES } from '../../contracts/index.ts';
import { RunTypes, typeFacts, UNNAMED_TYPE } from './RunTypes.ts';

describe('RunTypes', () => {
  it('tells the types a run showed from the others: named by the rules, unnamed, and beyond the bits', () => {
    const many = Array.from({ length: 40 }, (_, i) => `step_${i}`);
    const rules = {
      ...DEFAULT_GOLDEN_PATH_RULES,
      follows: { ...DEFAULT_GOLDEN_PATH_RULES.follows, ...Object.fromEntries(many.map((type) => [type, []])) },
    };
    const facts = typeFacts(rules, ['error_message']);
    expect(facts.get('step_39')?.bit).toBe(0);
    const types = new RunTypes(facts);
    const seen = ['agent_started', 'step_2', 'step_39', 'error_message', 'something_else'];
    for (const type of seen) types.add(type, facts.get(type) ?? UNNAMED_TYPE);
    for (const type of seen) expect([type, types.has(type)]).toEqual([type, true]);
    for (const type of ['agent_completed', 'step_3', 'step_38', 'error', 'other'])
      expect([type, types.has(type)]).toEqual([type, false]);
  });

  it('gives each type its facts from the rules', () => {
    const facts = typeFacts(DEFAULT_GOLDEN_PATH_RULES, ['error_message', 'agent_error']);
    expect(facts.get('agent_completed')).toMatchObject({ terminal: true, ruled: true, error: false });
    expect(facts.get('agent_error')).toMatchObject({ terminal: true, error: true });
    expect(facts.get('agent_thinking')?.required).toBe(1);
    expect(facts.get('error_message')).toMatchObject({ terminal: false, ruled: false, error: true });
  });
});
