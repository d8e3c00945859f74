/**
 * Which user owns each thread: a thread_id must belong to the user who sends it. Holds the most recent
 * `capacity` threads; an evicted thread is unknown again (the next user to name it claims it).
 */
export class ThreadRegistry {
  private readonly owners = new Map<string, string>();

  constructor(private readonly capacity = 100_000) {}

  /** Records `userId` as owner of an unknown thread; false when another user owns it. */
  claim(threadId: string, userId: string): boolean {
    const owner = this.owners.get(threadId);
    if (owner !== undefined) return owner === userId;
    if (this.owners.size >= this.capacity) {
      const oldest = this.owners.keys().next();
      if (!oldest.done) this.owners.delete(oldest.value);
    }
    this.owners.set(threadId, userId);
    return true;
  }

  ownerOf(threadId: string): string | undefined {
    return this.owners.get(threadId);
  }

  get size(): number {
    return this.owners.size;
  }

  clear(): void {
    this.owners.clear();
  }
}
