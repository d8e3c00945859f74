import hdr from 'hdr-histogram-js';
import type { Percentiles } from '../../contracts/index.ts';

/**
 * Millisecond samples in an HDR histogram (microsecond resolution, 3 significant digits): constant memory
 * whatever the number of samples. Count, min, max and mean are exact.
 */
export class LatencyHistogram {
  private readonly histogram = hdr.build({ numberOfSignificantValueDigits: 3, useWebAssembly: false });
  private count = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private sum = 0;

  record(ms: number): void {
    const value = Math.max(0, ms);
    this.histogram.recordValue(Math.round(value * 1000));
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Undefined when nothing was recorded. */
  percentiles(): Percentiles | undefined {
    if (this.count === 0) return undefined;
    const at = (p: number): number =>
      Math.min(this.max, Math.max(this.min, this.histogram.getValueAtPercentile(p) / 1000));
    return {
      count: this.count,
      min: this.min,
      p50: at(50),
      p95: at(95),
      p99: at(99),
      max: this.max,
      mean: this.sum / this.count,
    };
  }
}
