import type { Capabilities, DenialKind } from '../config/GoldpathConfig.ts';

/** The capabilities of the run's target as scenarios see them: the declared ones, and whether it exposes metrics. */
export type TargetCapabilities = Capabilities & {
  /** The target exposes factory metrics (`target.metricsPath`, or the embedded reference's own). */
  metrics: boolean;
};

type Flag =
  | 'toolDirective'
  | 'engineLimit'
  | 'maxMessageBytes'
  | 'threadIds'
  | 'resumeOnReconnect'
  | 'chatPage'
  | 'reloadRestore'
  | 'metrics';

/**
 * What a scenario needs beyond the protocol: a capability, the error code of one denial, or a reference defect.
 * @example test.use({ requires: ['engineLimit', 'errorCodes.engineLimit'] })
 */
export type Requirement = Flag | `errorCodes.${DenialKind}` | `defect:${string}`;

const FLAG_REASONS: Record<Flag, string> = {
  toolDirective:
    'the target declares no tool directive (capabilities.toolDirective: `[tools:N]` in a request makes N tools)',
  engineLimit: 'the target declares no engine limit (capabilities.engineLimit)',
  maxMessageBytes: 'the target declares no message size limit (capabilities.maxMessageBytes)',
  threadIds: "the target declares no thread_id on a run's events (capabilities.threadIds)",
  resumeOnReconnect: 'the target declares no resume of a run on reconnect (capabilities.resumeOnReconnect)',
  chatPage: 'the target declares no chat page (capabilities.chatPage)',
  reloadRestore: 'the target declares no conversation restore after a page reload (capabilities.reloadRestore)',
  metrics: 'the target declares no metrics endpoint (target.metricsPath)',
};

const DENIALS: Record<DenialKind, string> = {
  engineLimit: 'the engine limit',
  threadAccess: "another user's thread",
  messageTooLarge: 'an oversized message',
  missingUserRequest: 'a start_agent without user_request',
  invalidMessage: 'a message that is not a JSON object with a type',
};

/**
 * Why the target cannot run a scenario that needs `requirement`, or undefined when it can.
 * @example requirementReason(capabilities, 'engineLimit') // 'the target declares no engine limit (capabilities.engineLimit)'
 */
export function requirementReason(capabilities: TargetCapabilities, requirement: Requirement): string | undefined {
  if (requirement.startsWith('defect:')) {
    const defect = requirement.slice('defect:'.length);
    const on = capabilities.referenceDefects.some(
      (d) => d === defect || d.startsWith(`${defect}@`) || d.startsWith(`${defect}:`),
    );
    return on
      ? undefined
      : `the target is not the reference backend with defect ${defect} switched on (capabilities.referenceDefects)`;
  }
  if (requirement.startsWith('errorCodes.')) {
    const kind = requirement.slice('errorCodes.'.length) as DenialKind;
    return capabilities.errorCodes[kind] !== undefined
      ? undefined
      : `the target declares no error code for ${DENIALS[kind] ?? kind} (capabilities.${requirement})`;
  }
  const flag = requirement as Flag;
  const value = capabilities[flag];
  return value === undefined || value === false ? FLAG_REASONS[flag] : undefined;
}

/** The first reason among `requirements` the target cannot meet (joined when several), or undefined. */
export function missingRequirements(
  capabilities: TargetCapabilities,
  requirements: readonly Requirement[],
): string | undefined {
  const reasons = requirements
    .map((r) => requirementReason(capabilities, r))
    .filter((r): r is string => r !== undefined);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
