import { createHash } from 'node:crypto';

/** A file name for one test's history: readable slug of its title path + a short hash of its id, repeat and retry. */
export function historyFileName(info: {
  titlePath: string[];
  testId: string;
  repeatEachIndex: number;
  retry: number;
  project: string;
}): string {
  const slug = [info.project, ...info.titlePath]
    .join('-')
    .toLowerCase()
    .replace(/\.spec\.ts/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  const hash = createHash('sha256')
    .update(`${info.testId}|${info.repeatEachIndex}|${info.retry}`)
    .digest('hex')
    .slice(0, 6);
  const suffix = `${info.repeatEachIndex > 0 ? `-rep${info.repeatEachIndex}` : ''}${info.retry > 0 ? `-retry${info.retry}` : ''}`;
  return `${slug}${suffix}-${hash}.jsonl`;
}
