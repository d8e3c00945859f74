import { join } from 'node:path';
import { GOLDPATH_ROOT } from './startReferenceProcess.ts';

/** The node arguments that start one client side of bench/harnessStreamClient.ts (`extra`: its other flags). */
export function streamClientArgs(options: {
  side: 'bare' | 'goldpath';
  url: string;
  secret: string;
  users: number;
  runs: number;
  nodeFlags?: string[];
  extra?: string[];
}): string[] {
  const { side, url, secret, users, runs, nodeFlags = [], extra = [] } = options;
  return [
    ...nodeFlags,
    '--import',
    'tsx',
    join(GOLDPATH_ROOT, 'bench/harnessStreamClient.ts'),
    '--side',
    side,
    '--url',
    url,
    '--secret',
    secret,
    '--users',
    String(users),
    '--runs',
    String(runs),
    ...extra,
  ];
}
