/**
 * Tells a copy of an event from a new one when the backend delivers one user's run to each of their sockets: an event
 * (by event_id, else frame text) occurs in the user's merged stream as often as the socket that delivered it most.
 * While one socket delivers the run, this is one array of keys.
 * @example const copies = new EventCopies('c-1'); copies.arrive('ev-1', 'c-1'); copies.arrive('ev-1', 'c-2') // true
 */
export class EventCopies {
  /** While only the first socket delivered: its keys in arrival order (no counts needed until a second socket). */
  private firstKeys: string[] | undefined = [];
  /** key → occurrences in the merged stream, once a second socket delivers */
  private seen: Map<string, number> | undefined;
  /** socket → key → arrivals, once a second socket delivers */
  private perConn: Map<string, Map<string, number>> | undefined;

  constructor(private readonly firstConn: string) {}

  /** Counts one arrival of `key` on `conn`; true when it is a copy of an occurrence already seen on another socket. */
  arrive(key: string, conn: string): boolean {
    let seen = this.seen;
    if (seen === undefined) {
      if (conn === this.firstConn) {
        this.firstKeys!.push(key);
        return false;
      }
      // until now every arrival was on the first socket: its counts are the merged ones
      seen = new Map();
      for (const first of this.firstKeys!) seen.set(first, (seen.get(first) ?? 0) + 1);
      this.seen = seen;
      this.firstKeys = undefined;
      this.perConn = new Map([[this.firstConn, new Map(seen)]]);
    }
    const perConn = this.perConn!;
    let counts = perConn.get(conn);
    if (counts === undefined) {
      counts = new Map();
      perConn.set(conn, counts);
    }
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n <= (seen.get(key) ?? 0)) return true;
    seen.set(key, n);
    return false;
  }
}
