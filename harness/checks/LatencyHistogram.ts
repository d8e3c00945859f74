import hdr from 'hdr-histogram-js';
import type { Percentiles } from '../../contracts/index.ts';

export interface LatencyHistogramState {
  encoded: string;
  count: number;
  min: number;
  max: number;
  sum: number;
}

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

  /** Records `ms` (`times` times: samples of one value). */
  record(ms: number, times = 1): void {
    const value = Math.max(0, ms);
    if (times === 1) this.histogram.recordValue(Math.round(value * 1000));
    else this.histogram.recordValueWithCount(Math.round(value * 1000), times);
    this.count += times;
    this.sum += value * times;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Everything recorded, structured-cloneable (for a histogram gathered elsewhere, see add). */
  exportState(): LatencyHistogramState {
    return {
      encoded: this.count > 0 ? hdr.encodeIntoCompressedBase64(this.histogram) : '',
      count: this.count,
      min: this.min,
      max: this.max,
      sum: this.sum,
    };
  }

  /** Adds the samples of another histogram's exportState(): the percentiles of both as if recorded here. */
  add(state: LatencyHistogramState): void {
    if (state.count === 0) return;
    this.histogram.add(hdr.decodeFromCompressedBase64(state.encoded, 32, false));
    this.count += state.count;
    this.sum += state.sum;
    this.min = Math.min(this.min, state.min);
    this.max = Math.max(this.max, state.max);
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
