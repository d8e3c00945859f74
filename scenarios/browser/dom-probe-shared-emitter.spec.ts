import { RESOURCES_NOT_CHECKED } from '../../harness/checks/resourcesCheck.ts';
import { expect, test } from '../../harness/runner/browser/browserTest.ts';
import { openOwnHistory } from '../../harness/runner/browser/openOwnHistory.ts';
import { DomCanaryLeakError } from '../../harness/runner/browser/DomCanaryLeakError.ts';

// The probe's own proof, on a run whose target is the reference with `shared-emitter` (every run streams to the socket
// registered last): `goldpath run --project browser --defects shared-emitter`. The DOM probe must fail naming the users,
// and the checks must report the same leak from the recorded browser frames (kept in a history of its own, so the
// leak this scenario provokes on purpose is not a finding of the run). Any other target skips it with the reason.
test.use({ requires: ['defect:shared-emitter'] });

test('the DOM canary probe names the users when a shared emitter streams every run to one page', async ({
  browserUsersWith,
  target,
  history,
}, testInfo) => {
  const own = await openOwnHistory(testInfo, 'shared-emitter', { target: target.label });
  history.mark(RESOURCES_NOT_CHECKED, {
    reason: 'the browser traffic of this scenario is recorded in its own history (shared-emitter.history.jsonl)',
  });
  let probeError: unknown;
  const ids: string[] = [];
  {
    await using people = browserUsersWith({ history: own.writer, probe: false });
    const trio = await people.open(3);
    ids.push(...trio.map((p) => p.userId));
    for (const [i, person] of trio.entries()) await person.ask(`Private question ${i + 1} about my salary [tools:1]`);
    probeError = await people.waitForAnswers({ timeoutMs: 10_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
  }
  const check = await own.finish({ throwOnFindings: false });

  expect(probeError).toBeInstanceOf(DomCanaryLeakError);
  const leaks = (probeError as DomCanaryLeakError).leaks;
  const viewer = leaks[0]!.viewer;
  expect(leaks.length).toBeGreaterThanOrEqual(1);
  expect(
    leaks.every((l) => l.viewer === viewer && l.owner !== undefined && l.owner !== viewer && ids.includes(l.owner)),
  ).toBe(true);
  expect((probeError as Error).message).toContain(`displayed on the pages of ${viewer}`);
  for (const leak of leaks)
    expect((probeError as Error).message).toContain(
      `the page of user ${viewer} displays canary ${leak.canary} of user ${leak.owner}`,
    );

  const foreign = check.findings.filter((f) => f.code === 'isolation.foreign_canary');
  expect(foreign.length).toBeGreaterThanOrEqual(1);
  expect(new Set(foreign.map((f) => f.user))).toEqual(new Set([viewer]));
  for (const finding of foreign) expect(ids).toContain(finding.related?.user);
});
