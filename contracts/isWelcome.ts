/** The welcome after authentication: connection_established, connection_ready (older servers) or system_message data.event. */
export function isWelcome(frame: Record<string, unknown>): boolean {
  if (frame.type === 'connection_established' || frame.type === 'connection_ready') return true;
  if (frame.type !== 'system_message') return false;
  const data = frame.data;
  return data !== null && typeof data === 'object' && (data as Record<string, unknown>).event === 'connection_established';
}
