import type { Finding } from '../../contracts/index.ts';
import { GoldpathError } from '../common/GoldpathError.ts';

/**
 * What the golden-path mock refused, so it cannot drift from the contracts either way:
 * - a frame it was to send that breaks them: `code` is the finding's (`contract.schema_mismatch`, ...), `finding` is it;
 * - a request of the frontend that breaks the client contract (a real backend would not run it):
 *   `code` is `GOLDPATH_MSW_INVALID_REQUEST`.
 */
export class GoldenPathMockError extends GoldpathError {
  private constructor(
    code: string,
    message: string,
    readonly finding: Finding | undefined,
  ) {
    super(code, message, 'finding');
  }

  /** A frame not sent: `what` names it ("frame 4 of 7 of recorded run 0 (tool_completed)"). */
  static refusedFrame(finding: Finding, what: string): GoldenPathMockError {
    return new GoldenPathMockError(
      finding.code,
      `goldpath mock refused ${what}: ${finding.code}: ${finding.message}. A mock may send only what the contract allows: pick another recorded run, or fix the history or the variant (goldpath check <history> shows the same finding for a recorded frame).`,
      finding,
    );
  }

  /** A request of the frontend not answered: `issues` say where it breaks the client contract ("payload.user_request: ..."). */
  static invalidRequest(type: string, issues: string, text: string): GoldenPathMockError {
    return new GoldenPathMockError(
      'GOLDPATH_MSW_INVALID_REQUEST',
      `goldpath mock got a ${type} that breaks the client contract (${issues}): ${text.length > 160 ? `${text.slice(0, 160)}…` : text}. A real backend would not run it either: fix the frontend's request.`,
      undefined,
    );
  }
}
