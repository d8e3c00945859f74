import { readdirSync, readFileSync } from 'node:fs';

/**
 * RSS in MB of each live descendant of `root` whose command line contains `match` (Linux /proc), by pid.
 * @example const workers = processTreeRss(run.pid, 'workerProcessEntry') // Map { 4242 => 310.5, … }
 */
export function processTreeRss(root: number, match: string): Map<number, number> {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out = new Map<number, number>();
  for (const pid of parent.keys()) {
    let up = parent.get(pid);
    while (up !== undefined && up !== root && up > 1) up = parent.get(up);
    if (up !== root) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(match)) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
      if (Number.isFinite(kb)) out.set(pid, kb / 1024);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
