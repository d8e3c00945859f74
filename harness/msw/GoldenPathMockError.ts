import type { Finding } from '../../contracts/index.ts';
import { GoldpathError } from '../common/GoldpathError.ts';
import { ExitCode } from '../common/exitCodes.ts';

/**
 * A frame the golden-path mock refused to send because it breaks goldpath's contracts: the mock cannot drift from
 * what a backend may send. `code` is the finding's code (`contract.schema_mismatch`, ...).
 */
export class GoldenPathMockError extends GoldpathError {
  constructor(readonly finding: Finding, what: string) {
    super(finding.code, `goldpath mock refused ${what}: ${finding.code}: ${finding.message}. A mock may send only what the contract allows: pick another recorded run, or fix the history or the variant (goldpath check <history> shows the same finding for a recorded frame).`, ExitCode.Findings);
  }
}
