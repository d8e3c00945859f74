import type { TestInfo } from '@playwright/test';
import { checkHistoryFile } from '../../checks/checkHistory.ts';
import type { CheckResult } from '../../checks/CheckOptions.ts';
import { HistoryWriter, type HistoryHeaderInit } from '../../recorder/HistoryWriter.ts';
import { formatFindings } from '../../report/formatFindings.ts';

/**
 * A history of its own, for a scenario whose traffic must not count as the test's (a leak it provokes on purpose):
 * `finish()` closes it, attaches it, runs every check and throws the error findings the way the `history` fixture does.
 * @example
 * const own = await openOwnHistory(testInfo, 'shared-emitter', { target: target.label });
 * ... browserUsersWith({ history: own.writer, probe: false }) ...
 * await own.finish();
 */
export async function openOwnHistory(
  testInfo: TestInfo,
  name: string,
  header: HistoryHeaderInit = {},
): Promise<{ writer: HistoryWriter; finish(options?: { throwOnFindings?: boolean }): Promise<CheckResult> }> {
  const path = testInfo.outputPath(`${name}.history.jsonl`);
  const scenario = testInfo.titlePath.slice(1).join(' › ');
  const writer = await HistoryWriter.open(path, {
    scenario,
    meta: { project: testInfo.project.name, own: name },
    ...header,
  });
  return {
    writer,
    async finish(options = {}) {
      await writer.close();
      // a link: the history stays where it was written, once
      await testInfo.attach(`goldpath-history-${name}`, { body: `${path}\n`, contentType: 'text/uri-list' });
      const check = await checkHistoryFile(path);
      const errors = check.findings.filter((f) => f.severity === 'error');
      await testInfo.attach(`goldpath-findings-${name}`, {
        body: JSON.stringify(check.findings, null, 2),
        contentType: 'application/json',
      });
      if (errors.length > 0 && (options.throwOnFindings ?? true))
        throw new Error(formatFindings(errors, { color: false, scenario }));
      return check;
    },
  };
}
