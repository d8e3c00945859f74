import { randomBytes } from 'node:crypto';

const processPrefix = randomBytes(4).toString('hex');
let counter = 0;

/** `evt_<process hex>_<counter>`: unique within and across processes, without a random draw per event. */
export function nextEventId(): string {
  return `evt_${processPrefix}_${++counter}`;
}
