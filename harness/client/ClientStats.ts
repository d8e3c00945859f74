/** Counters a simulated user bumps as it goes; the runner turns them into progress lines. */
export interface ClientStats {
  /** Sockets open right now. */
  connected: number;
  requests: number;
  runsDone: number;
  events: number;
}

export function createClientStats(): ClientStats {
  return { connected: 0, requests: 0, runsDone: 0, events: 0 };
}
