import { inspect } from 'node:util';
import type { ByteArena } from './ByteArena.ts';
import type { ReceivedFrame } from './RunHandle.ts';

type Body = Record<string, unknown>;

/**
 * A received frame that keeps the bytes it arrived as rather than their parsed value: a user keeps every frame it
 * received (its inbox, its runs' events), and a parsed frame held that long is a tree of objects the collector walks
 * again and again, where bytes in an arena's slab (outside the heap, shared by many frames) cost it nothing. `frame` is
 * parsed from those bytes on its first read and kept from then on: every read gives the same object, as a plain
 * property would. While the client handles the frame on arrival, the value it parsed then stands in (`release()` lets
 * go of it unless someone read it). `frame` is an own enumerable property (an accessor shared by every instance), so a
 * spread copy, `Object.keys` and deep equality see it as they see a plain object's.
 * @example const f = new LazyReceivedFrame('agent_started', performance.now(), arena, data, value); f.release(); f.frame.type
 */
export class LazyReceivedFrame implements ReceivedFrame {
  type: string;
  at: number;
  /** The slab holding the frame's bytes; dropped once `frame` was read (or set): its value is kept from then on. */
  #slab: Buffer | undefined;
  #start: number;
  #end: number;
  #value: Body | undefined;

  /** `bytes` are the frame as the socket delivered it (copied into `arena`), `value` what they parsed to. */
  constructor(type: string, at: number, arena: ByteArena, bytes: Buffer, value: Body) {
    this.type = type;
    this.at = at;
    this.#start = arena.keep(bytes);
    this.#end = this.#start + bytes.length;
    this.#slab = arena.slab;
    this.#value = value;
    Object.defineProperty(this, 'frame', LazyReceivedFrame.#frameProperty);
  }

  /** Read through the accessor every instance shares (see the constructor): the parsed frame, parsed once. */
  declare frame: Body;

  /** `frame` as an own enumerable property of every instance, with one getter and setter shared by all of them. */
  static readonly #frameProperty: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyReceivedFrame): Body {
      const slab = this.#slab;
      if (slab !== undefined) {
        // the bytes parsed to a JSON object on arrival: they parse to an equal one now
        this.#value ??= JSON.parse(slab.toString('utf8', this.#start, this.#end)) as Body;
        this.#slab = undefined;
      }
      return this.#value as Body;
    },
    set(this: LazyReceivedFrame, value: Body): void {
      this.#value = value;
      this.#slab = undefined;
    },
  };

  /** @internal The client is done with the frame's arrival: unless it was read, only its bytes are kept. */
  release(): void {
    if (this.#slab !== undefined) this.#value = undefined;
  }

  /** As the plain object it stands for: `JSON.stringify(frame)` gives its type, arrival time and frame. */
  toJSON(): ReceivedFrame {
    return { type: this.type, at: this.at, frame: this.frame };
  }

  [inspect.custom](): ReceivedFrame {
    return this.toJSON();
  }
}
