const KEPT = 3;

/**
 * The reporting agent's state as the shared-agent-state defect keeps it: one for every user, so each report merges
 * the requests of earlier runs. Only struck runs read and write it.
 */
export class SharedReportState {
  private readonly requests: string[] = [];

  /** Returns the requests remembered before this one (the newest last) and remembers `request`. */
  merge(request: string): string[] {
    const earlier = this.requests.slice();
    this.requests.push(request);
    if (this.requests.length > KEPT) this.requests.shift();
    return earlier;
  }

  clear(): void {
    this.requests.length = 0;
  }
}
