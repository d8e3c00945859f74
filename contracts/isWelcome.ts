import { readField } from './readField.ts';

/** The welcome after authentication: connection_established, connection_ready (older servers) or system_message data.event. */
export function isWelcome(frame: Record<string, unknown>): boolean {
  if (frame.type === 'connection_established' || frame.type === 'connection_ready') return true;
  return frame.type === 'system_message' && readField(frame, 'event') === 'connection_established';
}
