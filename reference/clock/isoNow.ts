let lastMs = -1;
let lastIso = '';

/** `new Date().toISOString()`, formatted at most once per millisecond (many events share one). */
export function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}
