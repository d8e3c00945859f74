import { inspect } from 'node:util';
import type { ReceivedFrame } from './RunHandle.ts';

type Body = Record<string, unknown>;

/**
 * A received frame that keeps the bytes it arrived as rather than their parsed value: a user keeps every frame it
 * received (its inbox, its runs' events), and a parsed frame held that long is a tree of objects the collector walks
 * again and again, where the bytes (outside the heap) cost it nothing. `frame` is parsed from those bytes on its first
 * read and kept from then on: every read gives the same object, as a plain property would. While the client handles
 * the frame on arrival, the value it parsed then stands in (`release()` lets go of it unless someone read it).
 * @example const f = new LazyReceivedFrame('agent_started', performance.now(), data, value); f.release(); f.frame.type
 */
export class LazyReceivedFrame implements ReceivedFrame {
  type: string;
  at: number;
  #raw: Buffer | undefined;
  #value: Body | undefined;
  /** Someone outside the client read (or set) `frame`: its value stays, so later reads give that same object. */
  #held = false;

  /** `raw` is the frame's bytes as the socket delivered them, `value` what they parsed to (a JSON object). */
  constructor(type: string, at: number, raw: Buffer, value: Body) {
    this.type = type;
    this.at = at;
    this.#raw = raw;
    this.#value = value;
  }

  get frame(): Body {
    this.#held = true;
    if (this.#value === undefined) {
      // the bytes parsed to a JSON object on arrival: they parse to an equal one now
      this.#value = JSON.parse(this.#raw!.toString()) as Body;
      this.#raw = undefined;
    }
    return this.#value;
  }

  set frame(value: Body) {
    this.#held = true;
    this.#value = value;
    this.#raw = undefined;
  }

  /** @internal The client is done with the frame's arrival: unless it was read, only its bytes are kept. */
  release(): void {
    if (!this.#held) this.#value = undefined;
  }

  /** As the plain object it stands for: `JSON.stringify(frame)` gives its type, arrival time and frame. */
  toJSON(): ReceivedFrame {
    return { type: this.type, at: this.at, frame: this.frame };
  }

  [inspect.custom](): ReceivedFrame {
    return this.toJSON();
  }
}
