import { describe, expect, it } from 'vitest';
import { launchFailure, tryLaunchChromium } from './tryLaunchChromium.ts';

describe('tryLaunchChromium', () => {
  it('says what was tried and how to get a browser when the executable does not exist', async () => {
    const launched = await tryLaunchChromium({ GOLDPATH_CHROMIUM: '/nonexistent' });
    if ('browser' in launched) await launched.browser.close();
    expect('unavailable' in launched && launched.unavailable).toMatch(
      /^no Chromium could be launched \(tried GOLDPATH_CHROMIUM=\/nonexistent: .*\/nonexistent\); get one with `apt-get install chromium` or `npx playwright install chromium`, or point GOLDPATH_CHROMIUM=<path> at a Chromium$/,
    );
  });

  it("reads the browser's own last error line and exit code out of a failed start", () => {
    const message =
      'browserType.launch: Target page, context or browser has been closed\nBrowser logs:\n\n<launching> /usr/bin/chromium --headless\n<launched> pid=12\n[pid=12][err] /usr/bin/chromium: 9: [: 1: unexpected operator\n[pid=12][err] /usr/bin/chromium: 153: exec: /usr/lib/chromium/chromium: not found\nCall log:\n\u001b[2m  - [pid=12] <process did exit: exitCode=127, signal=null>\u001b[22m\n';
    expect(launchFailure(message)).toBe(
      'it exited with code 127: /usr/bin/chromium: 153: exec: /usr/lib/chromium/chromium: not found',
    );
    expect(launchFailure("browserType.launch: Executable doesn't exist at /x\n╔════╗")).toBe(
      "browserType.launch: Executable doesn't exist at /x",
    );
  });
});
