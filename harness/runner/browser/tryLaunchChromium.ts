import { stripVTControlCharacters } from 'node:util';
import { chromium, type Browser, type LaunchOptions } from '@playwright/test';
import { chromiumChoice, chromiumLaunchOptions } from './chromiumLaunchOptions.ts';

/** How to get a browser, for every "no browser" message. */
export const GET_A_BROWSER =
  'get one with `apt-get install chromium` or `npx playwright install chromium`, or point GOLDPATH_CHROMIUM=<path> at a Chromium';

/**
 * Launches headless Chromium, or says why none could be launched (what was tried, the first line of the error, how to
 * get one). A browser that is missing or fails to start is a reason, not an exception.
 * @example const launched = await tryLaunchChromium(); if ('unavailable' in launched) log(launched.unavailable)
 */
export async function tryLaunchChromium(
  env: NodeJS.ProcessEnv = process.env,
  options: LaunchOptions = chromiumLaunchOptions(env),
): Promise<{ browser: Browser } | { unavailable: string }> {
  try {
    return { browser: await chromium.launch({ timeout: 30_000, ...options }) };
  } catch (error) {
    return {
      unavailable: `no Chromium could be launched (tried ${chromiumChoice(env)}: ${launchFailure((error as Error).message ?? String(error))}); ${GET_A_BROWSER}`,
    };
  }
}

/** The telling part of Playwright's launch error: the browser's last stderr line and exit code, else the first line. */
export function launchFailure(message: string): string {
  const plain = stripVTControlCharacters(message);
  const stderr = [...plain.matchAll(/\[pid=\d+\]\[err\] (.+)/g)].map((m) => m[1]!.trim()).at(-1);
  const exit = /<process did exit: exitCode=(\d+)/.exec(plain)?.[1];
  if (stderr !== undefined) return `it exited${exit !== undefined ? ` with code ${exit}` : ''}: ${stderr}`;
  return (
    plain
      .split('\n')
      .find((l) => l.trim() !== '' && !/^[╔║╚=]/.test(l.trim()))
      ?.trim() ?? 'unknown error'
  );
}
