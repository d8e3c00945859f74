import type { FullResult, TestCase } from '@playwright/test/reporter';
import { DID_NOT_RUN } from './runProblems.ts';

/**
 * Whether Playwright ran a listed test to an end. A test it never started (the run stopped first) or interrupted
 * has not; a deliberate skip (`test.skip`, a missing capability) has, as a skip.
 */
export function didFinish(test: TestCase): boolean {
  if (test.expectedStatus === 'skipped') return true;
  const last = test.results[test.results.length - 1];
  return last !== undefined && last.status !== 'interrupted' && last.status !== 'skipped';
}

/** The error of a listed test that did not finish, saying why. */
export function notFinishedError(test: TestCase, status: FullResult['status']): string {
  const started = test.results.length > 0 && test.results[test.results.length - 1]?.status === 'interrupted';
  const why =
    status === 'timedout'
      ? "Playwright's global timeout ended the run"
      : status === 'interrupted'
        ? 'the run was interrupted'
        : 'the run ended';
  return `${DID_NOT_RUN} ${why} ${started ? 'before it finished' : 'before it started'}`;
}
