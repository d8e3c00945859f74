import { z } from 'zod';
import { CONTRACT_VERSION } from './contractVersion.ts';
import { FIELD_PLACES, METADATA_PLACES } from './readField.ts';

/**
 * Strict placement (opt-in with `--contract strict`): fields that a real client reads at one fixed place. A frame
 * whose field the lenient reader finds only somewhere else is contract.field_misplaced (the real frontend read
 * tool_name at the top level and showed "unknown-tool" when a server moved it under data).
 */
export const PlacementRule = z.object({
  field: z.string(),
  /** The event types it applies to. */
  types: z.array(z.string()).min(1),
  /** Where the client reads it. */
  place: z.enum([...FIELD_PLACES, ...METADATA_PLACES]),
});
export type PlacementRule = z.infer<typeof PlacementRule>;

export const PlacementRules = z.object({ version: z.string(), rules: z.array(PlacementRule) });
export type PlacementRules = z.infer<typeof PlacementRules>;

/** How strictly the contract check reads placement: lenient (the default) or strict. */
export const ContractMode = z.enum(['lenient', 'strict']);
export type ContractMode = z.infer<typeof ContractMode>;

const FIVE = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];

export const DEFAULT_PLACEMENT_RULES: PlacementRules = PlacementRules.parse({
  version: CONTRACT_VERSION,
  rules: [
    { field: 'tool_name', types: ['tool_executing', 'tool_completed'], place: 'top' },
    { field: 'run_id', types: FIVE, place: 'top' },
  ],
});
