/**
 * Every real bug of the Netra server's history, reproduced by the independent Netra-like backend, is caught by
 * `goldpath run` on the wire with its finding code; the same backend without bugs passes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../../contracts/Summary.ts';
import { startNetraLikeBackend, type NetraBug } from '../../../test/backends/startNetraLikeBackend.ts';
import { REPO_ROOT } from '../../targets/referenceCli.testkit.ts';

const work = mkdtempSync(join(tmpdir(), 'goldpath-netra-bugs-'));
// a run a bug keeps from ending is given up after 4 s instead of the SLA's 60 s
const config = join(work, 'goldpath.config.mjs');
writeFileSync(config, 'export default { sla: { runDeadlineMs: 4000, maxGapMs: 3000, startSlaMs: 2000 } };\n');
const ONE_USER = 'golden path for one user';
const TWO_USERS = 'concurrent users';

async function run(
  bugs: NetraBug[],
  scenario: string,
  extra: string[] = [],
): Promise<{ code: number; summary: Summary }> {
  await using backend = await startNetraLikeBackend({ shape: 'pipeline', bugs });
  const out = join(work, bugs.join('+') || 'clean');
  const args = [
    'bin/goldpath.mjs',
    'run',
    '--config',
    config,
    '--target',
    backend.wsUrl,
    '--secret',
    backend.secret,
    '--project',
    'protocol',
    '--scenario',
    scenario,
    '--users',
    '3',
    '--workers',
    '1',
    '--out',
    out,
    '--quiet',
    ...extra,
  ];
  const code = await new Promise<number>((resolve) => {
    execFile('node', args, { cwd: REPO_ROOT, timeout: 120_000 }, (error) =>
      resolve(error ? (typeof error.code === 'number' ? error.code : 99) : 0),
    );
  });
  return { code, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary };
}

const CAUGHT: Array<[NetraBug, string, string, string[]?]> = [
  ['handler-socket-overwritten', 'isolation.foreign_canary', TWO_USERS],
  ['events-addressed-by-run-id', 'order.event_after_terminal', ONE_USER],
  ['context-user-id-is-thread-id', 'completeness.run_not_terminated', ONE_USER],
  ['thinking-sent-as-reasoning', 'completeness.missing_event_type', ONE_USER],
  ['tool-completed-without-results', 'contract.schema_mismatch', ONE_USER],
  ['tool-name-only-nested', 'contract.field_misplaced', ONE_USER, ['--contract', 'strict']],
  ['tool-arguments-swapped', 'order.tool_left_open', ONE_USER],
  ['closes-on-first-message', 'completeness.closed_mid_run', ONE_USER],
  ['shared-agent-state', 'isolation.foreign_canary', TWO_USERS],
];

describe('the real bugs, on an independent Netra-like backend', { timeout: 150_000 }, () => {
  it('passes the same backend with no bug switched on', async () => {
    const { code, summary } = await run([], `${ONE_USER}|${TWO_USERS}`);
    expect([code, summary.status]).toEqual([0, 'passed']);
  });

  it.each(CAUGHT)('catches %s with %s', async (bug, findingCode, scenario, extra) => {
    const { code, summary } = await run([bug], scenario, extra);
    expect(code).toBe(1);
    expect(summary.findingsByCode[findingCode] ?? 0, JSON.stringify(summary.findingsByCode)).toBeGreaterThan(0);
  });
});
