import type { Finding, FindingCode } from '../../contracts/index.ts';

/**
 * Findings that explain others: when one is present, the findings it makes inevitable are counted but not printed
 * one by one (a demo-mode backend gives one foreign user id per event, thousands of them).
 * `sameUser`: only the follow-ons of the explaining finding's own user.
 */
const EXPLAINS: ReadonlyArray<{ code: FindingCode; followOns: (code: FindingCode) => boolean; sameUser: boolean }> = [
  // every run looks addressed to another user, so none counts as the answer to its request
  {
    code: 'isolation.shared_identity',
    followOns: (code) =>
      (code.startsWith('isolation.') && code !== 'isolation.shared_identity') ||
      code === 'completeness.no_run_for_request',
    sameUser: false,
  },
  { code: 'security.auth_bypass', followOns: (code) => code.startsWith('isolation.'), sameUser: true },
];

export interface FollowOnSplit {
  /** What to print: explaining findings first, then the rest in their order. */
  shown: Finding[];
  /** Hidden follow-ons: code → count, and the code that explains them. */
  hidden: Array<{ code: FindingCode; count: number; explainedBy: FindingCode }>;
}

/**
 * Splits findings into those to print and the follow-ons to count only.
 * @example splitFollowOns([sharedIdentity, ...foreignUserIds]).hidden // [{ code: 'isolation.foreign_user_id', count: 812, explainedBy: 'isolation.shared_identity' }]
 */
export function splitFollowOns(findings: readonly Finding[]): FollowOnSplit {
  const present = EXPLAINS.filter((rule) => findings.some((f) => f.code === rule.code));
  if (present.length === 0) return { shown: [...findings], hidden: [] };
  const hidden = new Map<string, { code: FindingCode; count: number; explainedBy: FindingCode }>();
  const explaining: Finding[] = [];
  const rest: Finding[] = [];
  for (const finding of findings) {
    if (present.some((rule) => rule.code === finding.code)) {
      explaining.push(finding);
      continue;
    }
    const rule = present.find(
      (r) =>
        r.followOns(finding.code) &&
        (!r.sameUser || findings.some((f) => f.code === r.code && f.user === finding.user)),
    );
    if (rule === undefined) {
      rest.push(finding);
      continue;
    }
    const entry = hidden.get(finding.code) ?? { code: finding.code, count: 0, explainedBy: rule.code };
    entry.count++;
    hidden.set(finding.code, entry);
  }
  return { shown: [...explaining, ...rest], hidden: [...hidden.values()] };
}
