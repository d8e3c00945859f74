import type { Capabilities } from '../config/GoldpathConfig.ts';

/**
 * A request text asking for `n` tools when the target honours the tool directive (`[tools:n]`), else the text alone:
 * the run then calls whatever tools the backend picks, 0..n, and the scenario must accept that.
 * @example alice.startAgent(withTools(capabilities, 'Summarise the Q3 report', 1))
 */
export function withTools(capabilities: Pick<Capabilities, 'toolDirective'>, text: string, n: number): string {
  return capabilities.toolDirective ? `${text} [tools:${n}]` : text;
}
