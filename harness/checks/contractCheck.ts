import {
  buildFinding,
  CONTENT_RULES,
  DEFAULT_PLACEMENT_RULES,
  fieldPlace,
  isContentIssue,
  ownCopy,
  KNOWN_SERVER_TYPES,
  ServerMessage,
  type HistoryHeader,
  type HistoryRecord,
  type PlacementRule,
} from '../../contracts/index.ts';
import type { Check, CheckFactory, FrameObservation } from './Check.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { frameSubject, snippet } from './describeFrame.ts';
import { scanHistory } from './scanHistory.ts';
import { ValidationMemo } from './ValidationMemo.ts';

function more(count: number): string | undefined {
  return count > 1 ? `and ${count - 1} more` : undefined;
}

/**
 * Every server frame against the zod contracts: JSON text (contract.invalid_json, contract.binary_frame), mappable by
 * the dialect (contract.unmappable_frame), a known type (contract.unknown_event, once per type with a count) and the
 * schema of its type (contract.schema_mismatch). Content rules (CONTENT_RULES: reasoning, final_response lengths) are
 * warnings (contract.content_rule, once per type and field with a count); a rule scoped to the run's end (the answer the
 * user reads) is not applied to a sub-agent's own end. With `contract: 'strict'`, a field the
 * placement rules pin to one place but found only elsewhere is contract.field_misplaced. A frame of a structure already
 * judged is not validated again (ValidationMemo, one per verdict).
 */
/** The first frame of a kind of warning (what its finding quotes), and how many frames gave it. */
interface FirstSeen {
  obs: Pick<FrameObservation, 'rec' | 'event'>;
  count: number;
}

/** What one partition of the users gathered: first frames and counts, merged by the check that finishes. */
interface ContractState {
  unknown: [string, FirstSeen][];
  content: [string, FirstSeen & { message: string }][];
}

/** Merges first-seen entries: the earliest frame, counts added; in the order of their first frames. */
function mergeFirst<T extends FirstSeen>(into: Map<string, T>, from: [string, T][]): void {
  for (const [key, entry] of from) {
    const seen = into.get(key);
    if (seen === undefined) into.set(key, entry);
    else {
      const count = seen.count + entry.count;
      into.set(key, entry.obs.rec.seq < seen.obs.rec.seq ? { ...entry, count } : { ...seen, count });
    }
  }
  const sorted = [...into].sort((a, b) => a[1].obs.rec.seq - b[1].obs.rec.seq);
  into.clear();
  for (const [key, entry] of sorted) into.set(key, entry);
}

/** What a first-seen entry keeps of its frame: its text copied, as the reader may hand it on cut from a whole chunk. */
function kept(obs: FrameObservation): FirstSeen['obs'] {
  return { rec: { ...obs.rec, text: ownCopy(obs.rec.text) }, event: obs.event };
}

export const contractCheck: CheckFactory = (ctx) => {
  const mode = ctx.options.unknownEvents ?? 'warn';
  const unknown = new Map<string, FirstSeen>();
  const memo = new ValidationMemo(ServerMessage);
  /** Structures whose only issues are content rules, by the warning they give ("agent_completed final_response"). */
  const contentMemos = new Map<string, ValidationMemo>();
  const content = new Map<string, FirstSeen & { message: string }>();
  const strict = ctx.options.contract === 'strict';
  const placement = new Map<string, PlacementRule[]>();
  for (const rule of (ctx.options.placement ?? DEFAULT_PLACEMENT_RULES).rules) {
    for (const type of rule.types) placement.set(type, [...(placement.get(type) ?? []), rule]);
  }

  const runEndOnly = new Set<string>(CONTENT_RULES.filter((r) => r.scope === 'run_end').map((r) => r.field));
  /** Content keys ("type field, field") whose every field applies only to the event that ends a run. */
  const atRunEnd = new Map<string, boolean>();

  const contentMessages = new Map<string, string>();

  const countContent = (key: string, obs: FrameObservation): void => {
    if (atRunEnd.get(key) === true) {
      const run = obs.run;
      // the event that ends its run (or a frame outside any run): else a sub-agent's step
      if (run !== undefined && run.terminalSeq !== obs.rec.seq) return;
    }
    const seen = content.get(key);
    if (seen === undefined) content.set(key, { obs: kept(obs), count: 1, message: contentMessages.get(key) ?? key });
    else seen.count++;
  };

  const checkPlacement = (obs: FrameObservation, type: string, json: Record<string, unknown>): void => {
    const rules = placement.get(type);
    if (rules === undefined) return;
    for (const rule of rules) {
      const found = fieldPlace(json, rule.field);
      if (found === undefined || found === rule.place) continue;
      const at = found === 'top' ? 'the top level' : found;
      ctx.report(
        buildFinding({
          code: 'contract.field_misplaced',
          what: `${type} has ${rule.field} only under ${at}`,
          subject: frameSubject(obs.rec, obs.event?.runId),
          expected: rule.place === 'top' ? `${rule.field} at the top level` : `${rule.field} under ${rule.place}`,
          received: `${rule.field} under ${at}`,
          hint: 'A client reads it only where expected',
        }),
      );
    }
  };

  const check: Check = {
    onServerFrame(obs) {
      const { rec } = obs;
      if (obs.parse === 'binary') {
        ctx.report(
          buildFinding({
            code: 'contract.binary_frame',
            what: 'binary frame',
            subject: frameSubject(obs.rec, obs.event?.runId),
            expected: 'a JSON text frame',
            received: `${rec.size} bytes of binary`,
          }),
        );
        return;
      }
      if (obs.parse === 'invalid_json') {
        ctx.report(
          buildFinding({
            code: 'contract.invalid_json',
            what: 'invalid JSON',
            subject: frameSubject(obs.rec, obs.event?.runId),
            expected: 'a JSON text frame',
            received: snippet(rec.text),
          }),
        );
        return;
      }
      const event = obs.event;
      if (event === undefined) {
        ctx.report(
          buildFinding({
            code: 'contract.unmappable_frame',
            what: 'unmappable frame',
            subject: frameSubject(obs.rec, obs.event?.runId),
            expected: 'a JSON object with a string "type"',
            received: obs.dialectError ?? snippet(rec.text),
          }),
        );
        return;
      }
      if (!KNOWN_SERVER_TYPES.has(event.type)) {
        if (mode === 'ignore') return;
        const seen = unknown.get(event.type);
        if (seen === undefined) unknown.set(event.type, { obs: kept(obs), count: 1 });
        else seen.count++;
        return;
      }
      if (strict) checkPlacement(obs, event.type, event.raw);
      if (memo.known(obs.json)) return;
      if (contentMemos.size > 0) {
        for (const [key, known] of contentMemos) {
          if (known.known(obs.json)) return countContent(key, obs);
        }
      }
      const parsed = ServerMessage.safeParse(obs.json);
      if (parsed.success) {
        memo.remember(obs.json);
        return;
      }
      const structural = parsed.error.issues.filter((i) => !isContentIssue(i));
      if (structural.length === 0) {
        const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[i.path.length - 1])))].sort();
        const key = `${event.type} ${fields.join(', ')}`;
        atRunEnd.set(
          key,
          fields.every((field) => runEndOnly.has(field)),
        );
        let known = contentMemos.get(key);
        if (known === undefined) contentMemos.set(key, (known = new ValidationMemo(ServerMessage)));
        known.remember(obs.json);
        contentMessages.set(key, parsed.error.issues.map((i) => i.message).join('; '));
        countContent(key, obs);
        return;
      }
      ctx.report(
        buildFinding({
          code: 'contract.schema_mismatch',
          what: `${event.type} breaks its contract`,
          subject: frameSubject(obs.rec, obs.event?.runId),
          expected: structural.map((i) => i.message).join('; '),
          received: snippet(rec.text, 160),
        }),
      );
    },
    exportState(): ContractState {
      // only what the findings quote: the record and the event's ids, not the observation's run
      const slim = <T extends FirstSeen>([key, entry]: [string, T]): [string, T] => [
        key,
        { ...entry, obs: { rec: entry.obs.rec, ...(entry.obs.event !== undefined && { event: entry.obs.event }) } },
      ];
      return { unknown: [...unknown].map(slim), content: [...content].map(slim) };
    },
    importState(state) {
      const from = state as ContractState;
      mergeFirst(unknown, from.unknown);
      mergeFirst(content, from.content);
    },
    finish() {
      for (const [key, { obs, count, message }] of content) {
        ctx.report(
          buildFinding({
            code: 'contract.content_rule',
            severity: 'warning',
            what: `${key.split(' ')[0]} breaks a content rule`,
            subject: frameSubject(obs.rec, obs.event?.runId),
            detail: more(count),
            expected: message,
            received: snippet(obs.rec.text, 160),
          }),
        );
      }
      for (const [type, { obs, count }] of unknown) {
        ctx.report(
          buildFinding({
            code: 'contract.unknown_event',
            severity: mode === 'error' ? 'error' : 'warning',
            what: `unknown event type ${type}`,
            subject: frameSubject(obs.rec, obs.event?.runId),
            detail: more(count),
            expected: "one of the contract's types",
            received: type,
          }),
        );
      }
    },
  };
  return check;
};

/** The contract check alone over a history. */
export async function checkContract(
  header: HistoryHeader,
  records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>,
  options: CheckOptions = {},
) {
  return (await scanHistory(header, records, options, [contractCheck])).findings;
}
