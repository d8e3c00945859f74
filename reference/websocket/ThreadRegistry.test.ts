import { expect, test } from 'vitest';
import { ThreadRegistry } from './ThreadRegistry.ts';

test('gives a thread to the first user who names it and refuses it to everyone else', () => {
  const threads = new ThreadRegistry();
  expect(threads.claim('thread_agent_1_aaaaaaaa', 'user-alice-0001')).toBe(true);
  expect(threads.claim('thread_agent_1_aaaaaaaa', 'user-alice-0001')).toBe(true);
  expect(threads.claim('thread_agent_1_aaaaaaaa', 'user-bob-000001')).toBe(false);
  expect(threads.ownerOf('thread_agent_1_aaaaaaaa')).toBe('user-alice-0001');
});

test('forgets the oldest thread once it holds its capacity', () => {
  const threads = new ThreadRegistry(2);
  threads.claim('t1', 'a');
  threads.claim('t2', 'a');
  threads.claim('t3', 'a');
  expect(threads.size).toBe(2);
  expect(threads.ownerOf('t1')).toBeUndefined();
  expect(threads.ownerOf('t3')).toBe('a');
});
