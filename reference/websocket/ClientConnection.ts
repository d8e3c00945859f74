/** One authenticated socket as the rest of the backend sees it. */
export interface ClientConnection {
  /** `main_<hex>`, as sent in the welcome. */
  readonly id: string;
  readonly userId: string;
  /** Sends one already-serialized frame; a closed socket drops it. */
  send(frame: string): void;
}
