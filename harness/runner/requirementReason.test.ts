import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/loadConfig.ts';
import { Capabilities } from '../config/GoldpathConfig.ts';
import { referenceCapabilities } from '../targets/startEmbeddedTarget.ts';
import { ReferenceOptions } from '../config/GoldpathConfig.ts';
import { missingRequirements, requirementReason, type TargetCapabilities } from './requirementReason.ts';

const none: TargetCapabilities = { ...Capabilities.parse({}), metrics: false };
const reference: TargetCapabilities = {
  ...referenceCapabilities(ReferenceOptions.parse({ defects: ['shared-emitter@0.5'] })),
  metrics: true,
};

describe('requirementReason', () => {
  it('names the missing capability and the config key that declares it', () => {
    expect(requirementReason(none, 'engineLimit')).toBe(
      'the target declares no engine limit (capabilities.engineLimit)',
    );
    expect(requirementReason(none, 'metrics')).toBe('the target declares no metrics endpoint (target.metricsPath)');
    expect(requirementReason(none, 'errorCodes.threadAccess')).toBe(
      "the target declares no error code for another user's thread (capabilities.errorCodes.threadAccess)",
    );
    expect(requirementReason(none, 'defect:shared-emitter')).toBe(
      'the target is not the reference backend with defect shared-emitter switched on (capabilities.referenceDefects)',
    );
    expect(missingRequirements(none, ['chatPage', 'reloadRestore'])).toBe(
      'the target declares no chat page (capabilities.chatPage); the target declares no conversation restore after a page reload (capabilities.reloadRestore)',
    );
  });

  it('finds nothing missing on the embedded reference, which declares all of its own (a defect with its rate counts)', () => {
    const all = [
      'toolDirective',
      'engineLimit',
      'maxMessageBytes',
      'threadIds',
      'resumeOnReconnect',
      'chatPage',
      'reloadRestore',
      'metrics',
      'errorCodes.engineLimit',
      'errorCodes.threadAccess',
      'errorCodes.messageTooLarge',
      'errorCodes.missingUserRequest',
      'errorCodes.invalidMessage',
      'defect:shared-emitter',
    ] as const;
    expect(missingRequirements(reference, all)).toBeUndefined();
    expect(requirementReason(reference, 'defect:drop-thinking')).toContain('defect drop-thinking');
  });
});

describe('capabilities in the config', () => {
  it('are absent by default and parse with their defaults when given', () => {
    expect(parseConfig({}).capabilities).toBeUndefined();
    expect(
      parseConfig({ capabilities: { engineLimit: 2, closeCodes: { messageTooLarge: 1009 } } }).capabilities,
    ).toEqual({
      toolDirective: false,
      engineLimit: 2,
      errorCodes: {},
      closeCodes: { messageTooLarge: 1009 },
      threadIds: false,
      resumeOnReconnect: false,
      chatPage: false,
      reloadRestore: false,
      referenceDefects: [],
    });
  });

  it('name a wrong key, a wrong denial and a wrong value clearly', () => {
    expect(() => parseConfig({ capabilities: { engineLimits: 2 } })).toThrow('unknown key "capabilities.engineLimits"');
    expect(() => parseConfig({ capabilities: { errorCodes: { engineLimt: 'X' } } })).toThrow('capabilities.errorCodes');
    expect(() => parseConfig({ capabilities: { engineLimit: 0 } })).toThrow('capabilities.engineLimit');
    expect(() => parseConfig({ capabilities: { closeCodes: { messageTooLarge: 9 } } })).toThrow(
      'capabilities.closeCodes.messageTooLarge',
    );
  });
});
