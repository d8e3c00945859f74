/**
 * `goldpath run` (the real CLI, a separate process) against the independent Netra-like backend in its real auth
 * configurations: production auth (token_type required) with the right and a wrong secret, the relaxed level
 * outside production, and DEMO_MODE.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../../contracts/Summary.ts';
import { startNetraLikeBackend, type NetraLikeAuthOptions } from '../../../test/backends/startNetraLikeBackend.ts';
import { REPO_ROOT } from '../../targets/referenceCli.testkit.ts';

const work = mkdtempSync(join(tmpdir(), 'goldpath-netra-auth-'));
const SECRET = 'the-netra-like-backend-secret-0001';
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/;
/** One user, the auth probes, and several concurrent users: every auth behaviour shows in a few seconds. */
const SCENARIOS = 'golden path for one user|auth-probes|concurrent users';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
  summary: Summary;
}

async function goldpathAgainst(
  name: string,
  auth: NetraLikeAuthOptions,
  secret: string,
  scenarios = SCENARIOS,
): Promise<Outcome> {
  await using backend = await startNetraLikeBackend({ shape: 'pipeline', auth: { secret: SECRET, ...auth } });
  const out = join(work, name);
  const args = [
    'bin/goldpath.mjs',
    'run',
    '--target',
    backend.wsUrl,
    '--secret',
    secret,
    '--project',
    'protocol',
    '--scenario',
    scenarios,
    '--users',
    '4',
    '--workers',
    '1',
    '--out',
    out,
  ];
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'node',
      args,
      { cwd: REPO_ROOT, timeout: 150_000, env: { ...process.env, CI: '' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr });
      },
    );
  });
  return { code, stdout, stderr, out, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('goldpath run against a Netra-like backend', { timeout: 200_000 }, () => {
  it('connects to production auth (token_type "access", issuer netra-auth-service) with the right secret', async () => {
    const { code, summary, out, stderr } = await goldpathAgainst('production', { requireTokenType: true }, SECRET);
    expect(code, stderr).toBe(0);
    expect(summary.status).toBe('passed');
    expect(existsSync(join(out, 'suite-stop.json'))).toBe(false);
    expect(summary.scenarios.every((s) => s.status !== 'skipped')).toBe(true);
    expect(summary.totals.runs).toBeGreaterThan(0);
    expect(summary.findingsByCode['security.auth_bypass'] ?? 0).toBe(0);
    expect(summary.findingsByCode['isolation.shared_identity'] ?? 0).toBe(0);
  });

  it('stops the run with exit 3 and one line when the secret is wrong, and writes no token anywhere', async () => {
    const { code, stdout, stderr, out, summary } = await goldpathAgainst(
      'wrong-secret',
      { requireTokenType: true },
      'a-wrong-secret-of-the-same-length-01',
    );
    expect(code).toBe(3);
    const lines = stderr.split('\n').filter((line) => line.includes("refused the suite's credentials"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^goldpath: the backend refused the suite's credentials: 4 of 4 users of "concurrent users each get only their own runs, in order" got error_message AUTH_FAILED "Authentication failed: signature verification failed" then close 1008 "Authentication failed"; sent HS256 tokens with claims sub, email, permissions, token_type, type, iss, iat, exp, jti \(issuer netra-auth-service\) via Sec-WebSocket-Protocol "jwt.<token>, jwt-auth"; check that --secret \(auth.secret\) is the backend's JWT secret, .* \[GOLDPATH_AUTH_REFUSED\]; reports in /,
    );
    expect(summary.status).toBe('infrastructure_error');
    // the scenario that met the refusal failed with that line; the one after it was not run
    const golden = summary.scenarios.find((s) => s.name.startsWith('golden path'));
    expect(golden?.status).toBe('skipped');
    expect(`${stdout}${stderr}`).not.toMatch(JWT);
    for (const file of filesUnder(out)) expect(readFileSync(file, 'latin1'), file).not.toMatch(JWT);
  });

  it('reports one security.auth_bypass per probe the relaxed level accepts (bad signature, expired, wrong issuer)', async () => {
    const { code, summary } = await goldpathAgainst('relaxed', { level: 'relaxed' }, SECRET, 'auth-probes');
    expect(code).toBe(1);
    const bypasses = summary.scenarios.map((s) => [
      s.name.replace(/ gets AUTH_FAILED.*/, ''),
      s.findingsByCode['security.auth_bypass'] ?? 0,
    ]);
    expect(bypasses).toEqual([
      ['a connection with no token', 0],
      ['a connection with a bad signature', 1],
      ['a connection with an expired token', 1],
      ['a connection with the wrong issuer', 1],
    ]);
    const messages = summary.scenarios.flatMap((s) =>
      s.findings.filter((f) => f.code === 'security.auth_bypass').map((f) => f.message),
    );
    expect(messages[0]).toMatch(
      /^auth bypass: a connection with a bad signature was welcomed as pseudo_[0-9a-f]\.\.\. on socket probe-a-bad-signature#probe/,
    );
  });

  it('prints one isolation.shared_identity up front in demo mode and counts the follow-on findings', async () => {
    const { code, stdout, summary } = await goldpathAgainst('demo', { demoMode: true }, SECRET, 'concurrent users');
    expect(code).toBe(1);
    const scenario = summary.scenarios[0]!;
    expect(scenario.findingsByCode['isolation.shared_identity']).toBe(1);
    expect(scenario.findingsByCode['isolation.foreign_user_id']).toBeGreaterThan(4);
    const printed = stdout.split('\n');
    const first = printed.findIndex((line) => /\[1\/\d+\] /.test(line));
    expect(printed[first]).toContain('isolation.shared_identity');
    expect(printed.filter((line) => line.includes('] isolation.shared_identity'))).toHaveLength(1);
    expect(
      printed.some((line) =>
        /isolation\.foreign_user_id ×\d+ not shown: they follow from isolation\.shared_identity/.test(line),
      ),
    ).toBe(true);
    expect(
      printed.some(
        (line) => line.includes('] isolation.foreign_user_id') || line.includes('] completeness.no_run_for_request'),
      ),
    ).toBe(false);
  });
});
