/**
 * Tells a copy of an event from a new one when the backend delivers one user's run to each of their sockets: an event
 * (by event_id, else frame text) occurs in the user's merged stream as often as the socket that delivered it most.
 * While one socket delivers the run, this is one Map of counts.
 * @example const copies = new EventCopies('c-1'); copies.arrive('ev-1', 'c-1'); copies.arrive('ev-1', 'c-2') // true
 */
export class EventCopies {
  /** key → occurrences in the merged stream */
  private readonly seen = new Map<string, number>();
  /** socket → key → arrivals, once a second socket delivers */
  private perConn: Map<string, Map<string, number>> | undefined;

  constructor(private readonly firstConn: string) {}

  /** Counts one arrival of `key` on `conn`; true when it is a copy of an occurrence already seen on another socket. */
  arrive(key: string, conn: string): boolean {
    if (this.perConn === undefined) {
      if (conn === this.firstConn) {
        this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
        return false;
      }
      // until now every arrival was on the first socket: its counts are the merged ones
      this.perConn = new Map([[this.firstConn, new Map(this.seen)]]);
    }
    let counts = this.perConn.get(conn);
    if (counts === undefined) {
      counts = new Map();
      this.perConn.set(conn, counts);
    }
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n <= (this.seen.get(key) ?? 0)) return true;
    this.seen.set(key, n);
    return false;
  }
}
