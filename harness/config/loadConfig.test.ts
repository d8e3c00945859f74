import { describe, expect, it } from 'vitest';
import { UsageError } from '../common/GoldpathError.ts';
import { mergeConfig, parseConfig } from './loadConfig.ts';

describe('parseConfig', () => {
  it('fills every default from an empty config', () => {
    const config = parseConfig({});
    expect(config.target).toEqual({ kind: 'embedded', reference: { factoryPath: 'canonical', agentShape: 'pipeline', defects: [], seed: 1, latencyMs: 2 } });
    expect(config.sla.maxGapMs).toBe(15_000);
    expect(config.thresholds.latencyPercentiles).toEqual(['p50', 'p95']);
  });

  it('names a wrong key and says how to fix it', () => {
    expect(() => parseConfig({ tagret: {} })).toThrow(UsageError);
    expect(() => parseConfig({ tagret: {} })).toThrow('unknown key "tagret": remove it or check its spelling');
    expect(() => parseConfig({ sla: { maxGap: 3 } })).toThrow('unknown key "sla.maxGap"');
  });

  it('rejects a URL target without a ws:// address', () => {
    expect(() => parseConfig({ target: { kind: 'url', wsUrl: 'http://127.0.0.1:8000/ws' } })).toThrow('target.wsUrl');
  });

  it('lets overrides replace a target of another kind', () => {
    const merged = mergeConfig({ target: { kind: 'embedded', reference: { seed: 3 } } }, { target: { kind: 'url', wsUrl: 'ws://127.0.0.1:1/ws' } });
    expect(parseConfig(merged).target).toMatchObject({ kind: 'url', wsUrl: 'ws://127.0.0.1:1/ws' });
  });
});
