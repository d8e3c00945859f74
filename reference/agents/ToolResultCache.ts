import type { ToolResults } from './runTool.ts';

const MAX_ENTRIES = 1000;

/**
 * Tool results cached per user and exact query. The cross-user-cache defect keys by normalized text
 * instead, without the user: canary-like words (containing a digit, "canary", or a `GPC-<hex>` token) are dropped.
 */
export class ToolResultCache {
  private readonly entries = new Map<string, ToolResults>();

  static key(userId: string, toolName: string, query: string, crossUser: boolean): string {
    return crossUser ? `*\u0000${toolName}\u0000${normalizeQuery(query)}` : `${userId}\u0000${toolName}\u0000${query}`;
  }

  get(key: string): ToolResults | undefined {
    return this.entries.get(key);
  }

  set(key: string, results: ToolResults): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, results);
  }

  clear(): void {
    this.entries.clear();
  }
}

const CANARY_LIKE = /\d|canary|^gpc-[0-9a-f]+$/;

export function normalizeQuery(query: string): string {
  return query
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word) => word !== '' && !CANARY_LIKE.test(word))
    .join(' ');
}
