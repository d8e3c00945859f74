import type { BrowserContext } from '@playwright/test';

/** What the page's own WebSocket saw when it closed: Playwright's `close` event carries no code. */
export interface PageSocketClose {
  url: string;
  code: number;
  reason: string;
}

const BINDING = '__goldpathSocketClosed';

// Runs in the page before its scripts: every WebSocket reports its close event (code, reason) to the binding.
const INIT_SCRIPT = `(() => {
  const Native = window.WebSocket;
  if (typeof Native !== 'function' || Native.__goldpathObserved) return;
  class ObservedWebSocket extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('close', (event) => {
        try { window.${BINDING}({ url: this.url, code: event.code, reason: event.reason }); } catch (error) { /* page unloading */ }
      });
    }
  }
  Object.defineProperty(ObservedWebSocket, '__goldpathObserved', { value: true });
  window.WebSocket = ObservedWebSocket;
})();`;

/**
 * Makes every page of the context report its sockets' close codes to `onClose`. Observation only: the page's sockets
 * behave as before. A close during unload is not reported (the page is gone); the recorder then infers 1001.
 */
export async function observeSocketCloses(
  context: BrowserContext,
  onClose: (close: PageSocketClose) => void,
): Promise<void> {
  await context.exposeBinding(BINDING, (_source, close: PageSocketClose) => {
    if (close && typeof close.url === 'string' && typeof close.code === 'number')
      onClose({ url: close.url, code: close.code, reason: String(close.reason ?? '') });
  });
  await context.addInitScript({ content: INIT_SCRIPT });
}
