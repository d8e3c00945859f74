import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../common/GoldpathError.ts';
import { findConfigFile, loadConfig, mergeConfig, parseConfig } from './loadConfig.ts';

describe('parseConfig', () => {
  it('fills every default from an empty config', () => {
    const config = parseConfig({});
    expect(config.target).toEqual({
      kind: 'embedded',
      reference: { factoryPath: 'canonical', agentShape: 'pipeline', defects: [], seed: 1, latencyMs: 2 },
    });
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
    const merged = mergeConfig(
      { target: { kind: 'embedded', reference: { seed: 3 } } },
      { target: { kind: 'url', wsUrl: 'ws://127.0.0.1:1/ws' } },
    );
    expect(parseConfig(merged).target).toMatchObject({ kind: 'url', wsUrl: 'ws://127.0.0.1:1/ws' });
  });
});

describe('loadConfig discovery', () => {
  it('finds the nearest goldpath.config.* from the current directory upward, .mts included', async () => {
    const root = await mkdtemp(join(tmpdir(), 'goldpath-discovery-'));
    try {
      const deep = join(root, 'services', 'chat', 'tests');
      await mkdir(deep, { recursive: true });
      await writeFile(
        join(root, 'goldpath.config.mts'),
        'export default { users: 7 } satisfies Record<string, unknown>;\n',
      );
      expect(findConfigFile(deep)).toBe(join(root, 'goldpath.config.mts'));
      expect((await loadConfig({ cwd: deep })).users).toBe(7);
      // a nearer one wins
      await writeFile(join(root, 'services', 'goldpath.config.mjs'), 'export default { users: 3 };\n');
      expect((await loadConfig({ cwd: deep })).users).toBe(3);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('finds none where no folder up to the root has one', async () => {
    const root = await mkdtemp(join(tmpdir(), 'goldpath-discovery-'));
    try {
      expect(findConfigFile(root)).toBeUndefined();
      expect((await loadConfig({ cwd: root })).users).toBeUndefined();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
