import type { CanonicalEvent } from './CanonicalEvent.ts';

/** The events a backend greets a socket with; they may name their user shortened. */
const WELCOME_TYPES = new Set(['connection_established', 'connection_ready', 'system_message']);

/**
 * Whether a welcome's user_id names this user: in full, or as its first characters and "...".
 * @example namesUser('gp-1a2b-...', 'gp-1a2b-u0001') // true
 */
export function namesUser(welcomedAs: string, user: string): boolean {
  if (welcomedAs === user) return true;
  return welcomedAs.endsWith('...') && welcomedAs.length > 3 && user.startsWith(welcomedAs.slice(0, -3));
}

/**
 * The user id an event carries when it names someone other than the user whose socket received it (the rule of
 * isolation.foreign_user_id); undefined when it names no one or this user (a welcome may name them shortened).
 * @example foreignUserId({ type: 'agent_started', userId: 'u-2', ... }, 'u-1') // 'u-2'
 */
export function foreignUserId(event: Pick<CanonicalEvent, 'type' | 'userId'>, user: string): string | undefined {
  const userId = event.userId;
  if (userId === undefined || userId === user) return undefined;
  return WELCOME_TYPES.has(event.type) && namesUser(userId, user) ? undefined : userId;
}
