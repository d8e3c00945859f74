import { readFileSync } from 'node:fs';

type Frame = Record<string, unknown>;
interface RealFrame {
  name: string;
  expect: 'accept' | 'bug';
  frame: Frame;
}

const file = JSON.parse(readFileSync(new URL('../fixtures/real-frames.json', import.meta.url), 'utf8')) as {
  frames: RealFrame[];
};

/** The frame of fixtures/real-frames.json with this exact name. */
export function realFrame(name: string): Frame {
  const found = file.frames.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`real-frames.json has no frame named "${name}"`);
  return found.frame;
}
