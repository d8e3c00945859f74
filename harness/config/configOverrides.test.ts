import { describe, expect, it } from 'vitest';
import { UsageError } from '../common/GoldpathError.ts';
import { configOverrides, envValues } from './configOverrides.ts';
import { OPTIONS } from './optionTable.ts';
import { scenarioPattern } from './scenarioPattern.ts';

const parseUsers = (text: string, source: string) => OPTIONS.users.parse?.(text, source, undefined);
const envOverrides = (env: NodeJS.ProcessEnv) => configOverrides(envValues(env));

describe('run overrides', () => {
  it('maps --target, --users and --defects to config keys', () => {
    expect(configOverrides({ target: 'ws://127.0.0.1:8000/ws', users: 20, secret: 's' })).toEqual({
      target: { kind: 'url', wsUrl: 'ws://127.0.0.1:8000/ws' },
      users: 20,
      auth: { kind: 'jwt', secret: 's' },
    });
    expect(configOverrides({ defects: ['drop-thinking'] })).toEqual({
      target: { kind: 'embedded', reference: { defects: ['drop-thinking'] } },
    });
  });

  it('rejects a bad user count and a bad target with a message that names the flag', () => {
    expect(() => parseUsers('abc', '--users')).toThrow(
      '--users abc: expected a whole number from 1 to 100000, e.g. --users 50.',
    );
    expect(() => parseUsers('0', 'GOLDPATH_USERS')).toThrow(UsageError);
    expect(() => configOverrides({ target: 'http://x' })).toThrow(
      '--target http://x: expected "embedded" or a ws:// or wss:// URL',
    );
    expect(() => configOverrides({ target: 'ws://127.0.0.1:1/ws', defects: ['x'] })).toThrow(
      '--defects and --factory-path configure the embedded reference backend',
    );
  });

  it('reads the same overrides from GOLDPATH_* variables', () => {
    expect(envOverrides({ GOLDPATH_USERS: '7', GOLDPATH_DEFECTS: 'a, b' })).toEqual({
      users: 7,
      target: { kind: 'embedded', reference: { defects: ['a', 'b'] } },
    });
  });

  it('turns a scenario glob into a title regex and leaves a regex alone', () => {
    expect(scenarioPattern('golden*')).toBe('golden.*');
    expect(scenarioPattern('^auth|hijack')).toBe('^auth|hijack');
    expect(scenarioPattern('golden path')).toBe('golden path');
  });
});
