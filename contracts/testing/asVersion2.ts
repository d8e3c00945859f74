/**
 * A version 1 history text as version 2 stores it, the way the recorder writes it: each JSON frame's text embedded as
 * its value in a last member `frame`, header version 2. For tests that compare what both versions read as.
 * @example asVersion2(readFileSync('history-v1.jsonl', 'utf8'))
 */
export function asVersion2(v1: string): string {
  return v1
    .trimEnd()
    .split('\n')
    .map((line, i) => {
      const r = JSON.parse(line) as { kind: string; parse?: string; truncated?: string; text?: string };
      if (i === 0) return JSON.stringify({ ...r, version: 2 });
      if (r.kind !== 'frame' || r.parse !== 'json' || r.truncated === 'text') return line;
      const { text, ...rest } = r;
      return `${JSON.stringify(rest).slice(0, -1)},"frame":${text}}`;
    })
    .join('\n')
    .concat('\n');
}
