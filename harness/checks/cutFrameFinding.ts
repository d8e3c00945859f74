import { buildFinding, type Finding, type ReadFrame } from '../../contracts/index.ts';

/**
 * A frame the recorder kept cut because it exceeded the size limit. With its long values cut it is still checked
 * (as cut); with only its start kept it is not checked at all, and the finding says so.
 */
export function cutFrameFinding(rec: ReadFrame): Finding {
  const from = rec.dir === 'in' ? 'from the backend' : 'to the backend';
  const how =
    rec.truncated === 'values'
      ? 'recorded with its long values cut (checked as cut)'
      : `recorded cut to its first ${rec.text.length} characters and not checked`;
  return buildFinding({
    code: 'contract.frame_too_large',
    severity: 'warning',
    what: `frame ${from} over the recorder's size limit`,
    subject: { conn: rec.conn, user: rec.user, frameIndex: rec.seq },
    detail: how,
    expected: 'a frame within the size limit',
    received: `${rec.size} bytes`,
  });
}
