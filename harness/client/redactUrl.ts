/** The URL with token and ticket query values replaced, for logs and histories. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|ticket|access_token)=)[^&#]*/gi, '$1[redacted]');
}
