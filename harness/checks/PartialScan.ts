import type { EndRecord, Finding } from '../../contracts/index.ts';
import type { CheckStats } from './CheckOptions.ts';

/**
 * What a scan over one partition of the users gathered (structured-cloneable: it crosses from a worker thread):
 * its findings, its counts, and for every check whose verdict needs all users, what that check gathered.
 */
export interface PartialScan {
  findings: Finding[];
  stats: CheckStats;
  shapes: Record<string, number>;
  runsStarted: number;
  /** Records pushed, and how many of them reached every partition (marks, metrics, end). */
  records: number;
  sharedRecords: number;
  endRecord: EndRecord | undefined;
  runsNotObserved: number;
  requestsNotObserved: number;
  /** By check (in factory order): what its exportState() gave, for the checks that have one. */
  states: unknown[];
  /**
   * Sorted distinct fingerprints of what ties one user to another: the canaries of its requests, the canaries its
   * server frames carried that none of its own requests did, its run ids and thread ids. Two partitions that share
   * one may depend on each other (a leak across them, or a collision of fingerprints).
   */
  ties: Float64Array;
}

/** Collects the fingerprints of PartialScan.ties: two 32-bit FNV-1a hashes of the value, 53 bits together. */
export class TieFingerprints {
  private values = new Float64Array(1024);
  private size = 0;

  add(kind: string, value: string): void {
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ kind.charCodeAt(0);
    a = Math.imul(a ^ kind.charCodeAt(0), 0x01000193);
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
  }

  /** The fingerprints, sorted, each once. */
  sorted(): Float64Array {
    const all = this.values.subarray(0, this.size).sort();
    let n = 0;
    for (let i = 0; i < all.length; i++) if (n === 0 || all[i] !== all[n - 1]) all[n++] = all[i]!;
    return all.slice(0, n);
  }
}

/** Whether two sorted fingerprint lists share one. */
export function sharesTie(a: Float64Array, b: Float64Array): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return true;
    if (a[i]! < b[j]!) i++;
    else j++;
  }
  return false;
}
