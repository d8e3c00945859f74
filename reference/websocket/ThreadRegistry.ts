/** Which user owns each thread: a thread_id must belong to the user who sends it. */
export class ThreadRegistry {
  private readonly owners = new Map<string, string>();

  /** Records `userId` as owner of an unknown thread; false when another user owns it. */
  claim(threadId: string, userId: string): boolean {
    const owner = this.owners.get(threadId);
    if (owner === undefined) {
      this.owners.set(threadId, userId);
      return true;
    }
    return owner === userId;
  }

  ownerOf(threadId: string): string | undefined {
    return this.owners.get(threadId);
  }

  clear(): void {
    this.owners.clear();
  }
}
