import { redactText } from './redactText.ts';

const SECRET_PARAMS = /([?&](?:token|ticket|access_token)=)[^&#]*/gi;

/**
 * Redacts the credential query parameters of a socket URL (`?token=`, `?ticket=`, `?access_token=`) and any JWT in it.
 * @example redactUrl('ws://127.0.0.1:1/ws?token=abc&x=1') // 'ws://127.0.0.1:1/ws?token=[REDACTED]&x=1'
 */
export function redactUrl(url: string): string {
  return redactText(url.replace(SECRET_PARAMS, '$1[REDACTED]'));
}
