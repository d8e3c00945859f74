import { makeCanary } from '../../contracts/index.ts';

/**
 * Appends a fresh canary to a request text, so the run that answers it can be recognised (and a leak proven).
 * @example withCanary('Summarise Q3 [tools:2]') // { text: 'Summarise Q3 [tools:2] [ref GPC-…]', canary: 'GPC-…' }
 */
export function withCanary(text: string): { text: string; canary: string } {
  const canary = makeCanary();
  return { text: `${text} [ref ${canary}]`, canary };
}
