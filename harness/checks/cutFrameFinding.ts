import type { Finding, FrameRecord } from '../../contracts/index.ts';

/** A frame the recorder kept only the start of (it exceeded the size limit): reported, and not checked further. */
export function cutFrameFinding(rec: FrameRecord): Finding {
  const from = rec.dir === 'in' ? 'from the backend' : 'to the backend';
  return {
    code: 'contract.frame_too_large',
    severity: 'warning',
    user: rec.user,
    frameIndex: rec.seq,
    message: `frame ${rec.seq} ${from} on socket ${rec.conn} of user ${rec.user} was recorded cut to its first ${rec.text.length} characters and not checked: expected at most ${rec.text.length} bytes, received ${rec.size} bytes`,
    expected: `at most ${rec.text.length} bytes`,
    received: `${rec.size} bytes`,
  };
}
