import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Flags for Debian's Chromium on our CI boxes: no sandbox (root), no GPU, nothing that phones home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launch options of the browser project: `GOLDPATH_CHROMIUM` names the executable, else Debian's /usr/bin/chromium when
 * present, else Playwright's own Chromium (a developer's Mac after `npx playwright install chromium`).
 * @example chromium.launch(chromiumLaunchOptions())
 */
export function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env): LaunchOptions {
  const executablePath = chromiumExecutable(env);
  return { headless: true, args: [...CHROMIUM_ARGS], ...(executablePath !== undefined && { executablePath }) };
}

/** Which Chromium the launch options pick, for messages: "GOLDPATH_CHROMIUM=/x", "/usr/bin/chromium", "Playwright's own Chromium". */
export function chromiumChoice(env: NodeJS.ProcessEnv = process.env): string {
  const executablePath = chromiumExecutable(env);
  if (env.GOLDPATH_CHROMIUM !== undefined && env.GOLDPATH_CHROMIUM !== '')
    return `GOLDPATH_CHROMIUM=${env.GOLDPATH_CHROMIUM}`;
  return executablePath ?? "Playwright's own Chromium";
}

function chromiumExecutable(env: NodeJS.ProcessEnv): string | undefined {
  const executablePath = env.GOLDPATH_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  return executablePath === '' ? undefined : executablePath;
}
