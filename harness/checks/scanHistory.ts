import {
  DEFAULT_GOLDEN_PATH_RULES,
  DialectError,
  Expectations,
  findCanaries,
  normalizeNetraFrame,
  type Finding,
  type FrameRecord,
  type HistoryHeader,
  type HistoryRecord,
} from '../../contracts/index.ts';
import { BoundedMap } from './BoundedMap.ts';
import type { Check, CheckFactory, EndedRun, FrameObservation, RequestState, RunView, ScanContext } from './Check.ts';
import type { CheckOptions, CheckResult } from './CheckOptions.ts';
import { shapeToken } from './runShape.ts';

const REQUEST_TYPES = new Set(['start_agent', 'user_message']);
const ERROR_TYPES = new Set(['error_message', 'error', 'agent_error']);
const DEFAULT_WINDOW = 50_000;

type Body = Record<string, unknown>;

/** Lenient read of a field: the top level, then `data`, then `payload`. */
export function readField(frame: Body, field: string): unknown {
  const top = frame[field];
  if (top !== undefined && top !== null) return top;
  for (const place of ['data', 'payload']) {
    const holder = frame[place];
    if (holder !== null && typeof holder === 'object') {
      const value = (holder as Body)[field];
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}

function errorCodeOf(frame: Body): string {
  const code = readField(frame, 'error_code') ?? readField(frame, 'error_type') ?? readField(frame, 'code');
  return typeof code === 'string' && code.length > 0 ? code : '(none)';
}

const NONE: string[] = [];

function distinctCanaries(text: string): string[] {
  if (!text.includes('GPC-')) return NONE;
  const found = findCanaries(text);
  return found.length > 1 ? [...new Set(found)] : found;
}

/** A scan fed one record at a time: `push` each record in order, then `end` once. */
export interface HistoryScanner {
  push(record: HistoryRecord): void;
  end(): CheckResult;
}

/**
 * The single pass behind every check: parses each frame once, maps it to a canonical event, correlates requests,
 * runs and tool calls, and hands the result to the checks. Per-run state is dropped when the run ends.
 */
export async function scanHistory(
  header: HistoryHeader,
  records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>,
  options: CheckOptions,
  factories: readonly CheckFactory[],
): Promise<CheckResult> {
  const scanner = createScanner(header, options, factories);
  if (Symbol.iterator in records) {
    // a plain loop: for await over a sync iterable would cost a microtask per record
    for (const record of records) scanner.push(record);
  } else {
    for await (const record of records) scanner.push(record);
  }
  return scanner.end();
}

/** The scanner behind scanHistory, for callers that already hold records in batches. */
export function createScanner(header: HistoryHeader, options: CheckOptions, factories: readonly CheckFactory[]): HistoryScanner {
  const rules = options.rules ?? DEFAULT_GOLDEN_PATH_RULES;
  const expectations = Expectations.parse(options.expectations ?? header.expectations ?? {});
  const window = options.window ?? DEFAULT_WINDOW;
  const findings: Finding[] = [];
  const startedRuns = new BoundedMap<string, true>(window);
  let runsStarted = 0;
  const canaryOwner = new BoundedMap<string, RequestState>(window);
  const ctx: ScanContext = {
    header,
    rules,
    expectations,
    maxGapMs: expectations.maxGapMs ?? rules.maxGapMs,
    runDeadlineMs: expectations.runDeadlineMs ?? rules.runDeadlineMs,
    options,
    window,
    report: (finding) => {
      findings.push(header.scenario !== undefined && finding.scenario === undefined ? { ...finding, scenario: header.scenario } : finding);
    },
    get runsStarted() {
      return runsStarted;
    },
    canaryOwner: (canary) => canaryOwner.get(canary),
  };
  const checks: Check[] = factories.map((factory) => factory(ctx));
  const onServerFrame = checks.filter((c) => c.onServerFrame !== undefined);

  const users = new Set<string>();
  const connections = new Set<string>();
  const stats = { users: 0, connections: 0, requests: 0, runs: 0, runsCompleted: 0, events: 0, frames: 0 };
  const shapes: Record<string, number> = {};
  const runs = new Map<string, RunView>();
  const ended = new BoundedMap<string, EndedRun>(window);
  const pending = new Map<string, RequestState[]>();
  const { open: toolOpen, close: toolClose, idFields } = rules.toolPairing;
  const terminal = new Set(rules.terminal);
  const successTerminal = rules.terminal[0];

  const connKey = (user: string, conn: string): string => `${user}\u0000${conn}`;

  const link = (run: RunView, request: RequestState): void => {
    run.request = request;
    request.runId = run.runId;
    request.outcome = 'run';
    const queue = pending.get(connKey(request.user, request.conn));
    const index = queue?.indexOf(request) ?? -1;
    if (queue !== undefined && index !== -1) queue.splice(index, 1);
  };

  /** Fallback correlation: the oldest unanswered request of the socket sent before the run began. */
  const linkInOrder = (run: RunView): void => {
    if (run.request !== undefined || run.foreign) return;
    const first = pending.get(connKey(run.user, run.conn))?.[0];
    if (first !== undefined && first.seq < run.firstSeq) link(run, first);
  };

  const endRun = (run: RunView, how: 'terminal' | 'open'): void => {
    linkInOrder(run);
    runs.delete(run.key);
    if (!run.foreign) {
      if (how === 'terminal' && run.terminalType === successTerminal) stats.runsCompleted++;
      const shape = run.shape.join(' ');
      shapes[shape] = (shapes[shape] ?? 0) + 1;
    }
    if (how === 'terminal') {
      ended.set(run.key, { runId: run.runId, user: run.user, terminalType: run.terminalType ?? '', terminalSeq: run.terminalSeq ?? run.lastSeq });
    }
    for (const check of checks) check.onRunEnd?.(run, how);
  };

  const readToolId = (raw: Body): string | undefined => {
    for (const field of idFields) {
      const value = readField(raw, field);
      if (typeof value === 'string' && value.length > 0) return value;
      if (typeof value === 'number') return String(value);
    }
    return undefined;
  };

  const onOutFrame = (rec: FrameRecord, obs: FrameObservation): void => {
    const type = (obs.json as Body | undefined)?.type;
    if (typeof type !== 'string' || !REQUEST_TYPES.has(type)) return;
    stats.requests++;
    const request: RequestState = { seq: rec.seq, mono: rec.mono, user: rec.user, conn: rec.conn, type, canaries: obs.canaries };
    obs.request = request;
    for (const canary of obs.canaries) if (!canaryOwner.has(canary)) canaryOwner.set(canary, request);
    const key = connKey(rec.user, rec.conn);
    const queue = pending.get(key);
    if (queue === undefined) pending.set(key, [request]);
    else queue.push(request);
    for (const check of checks) check.onRequest?.(obs as FrameObservation & { request: RequestState });
  };

  const onInEvent = (rec: FrameRecord, obs: FrameObservation): void => {
    const event = obs.event;
    if (event === undefined) return;
    const raw = event.raw;
    if (ERROR_TYPES.has(event.type)) obs.errorCode = errorCodeOf(raw);
    const runId = event.runId;
    if (runId === undefined) {
      if (obs.errorCode !== undefined) {
        const first = pending.get(connKey(rec.user, rec.conn))?.[0];
        if (first !== undefined && first.seq < rec.seq) {
          first.outcome = expectations.allowedErrorCodes.includes(obs.errorCode) ? 'rejected' : 'error';
          obs.answers = first;
          pending.get(connKey(rec.user, rec.conn))?.shift();
        }
      }
      return;
    }
    stats.events++;
    const key = `${rec.user}\u0000${rec.conn}\u0000${runId}`;
    let run = runs.get(key);
    if (run === undefined) {
      const gone = ended.get(key);
      if (gone !== undefined) {
        obs.late = true;
        obs.ended = gone;
        return;
      }
      const foreignCanary = obs.canaries.length > 0 && obs.canaries.every((c) => {
        const owner = canaryOwner.get(c);
        return owner !== undefined && owner.user !== rec.user;
      });
      run = {
        key,
        runId,
        user: rec.user,
        conn: rec.conn,
        threadId: undefined,
        request: undefined,
        startedMono: undefined,
        terminalSeq: undefined,
        terminalMono: undefined,
        terminalType: undefined,
        errorCode: undefined,
        firstSeq: rec.seq,
        firstMono: rec.mono,
        lastSeq: rec.seq,
        lastMono: rec.mono,
        events: 0,
        types: new Set(),
        shape: [],
        openTools: new Map(),
        closedTools: new Set(),
        foreign: (event.userId !== undefined && event.userId !== rec.user) || foreignCanary,
      };
      runs.set(key, run);
      if (!run.foreign) stats.runs++;
    }
    obs.run = run;
    if (event.threadId !== undefined && run.threadId === undefined) run.threadId = event.threadId;
    if (run.request === undefined && !run.foreign) {
      for (const canary of obs.canaries) {
        const owner = canaryOwner.get(canary);
        if (owner !== undefined && owner.user === rec.user && (owner.runId === undefined || owner.runId === runId) && owner.outcome !== 'rejected' && owner.outcome !== 'error') {
          link(run, owner);
          break;
        }
      }
    }
    const type = event.type;
    if (type === rules.start) {
      if (run.startedMono === undefined) run.startedMono = rec.mono;
      const startedKey = `${rec.user}\u0000${runId}`;
      if (!startedRuns.has(startedKey)) {
        startedRuns.set(startedKey, true);
        runsStarted++;
      }
    }
    if (type === toolOpen || type === toolClose) {
      const id = readToolId(raw);
      const name = event.toolName ?? '?';
      const slot = id !== undefined ? `id:${id}` : `name:${name}`;
      const open = run.openTools.get(slot);
      if (type === toolOpen) {
        const first = open?.[0];
        if (id !== undefined && first !== undefined) obs.tool = { kind: 'duplicate_open', id, name, first };
        else {
          const entry = { seq: rec.seq, mono: rec.mono, name, ...(id !== undefined && { id }) };
          if (open === undefined) run.openTools.set(slot, [entry]);
          else open.push(entry);
          obs.tool = { kind: 'open', name, ...(id !== undefined && { id }) };
        }
      } else {
        const first = open?.shift();
        if (first !== undefined) {
          if (open?.length === 0) run.openTools.delete(slot);
          if (id !== undefined) run.closedTools.add(slot);
          obs.tool = { kind: 'close', name, open: first, ...(id !== undefined && { id }) };
        } else {
          obs.tool = { kind: 'unmatched_close', name, already: run.closedTools.has(slot), ...(id !== undefined && { id }) };
        }
      }
    }
    run.events++;
    run.types.add(type);
    run.shape.push(shapeToken(type, event.toolName));
    if (terminal.has(type)) {
      run.terminalType = type;
      run.terminalSeq = rec.seq;
      run.terminalMono = rec.mono;
      if (obs.errorCode !== undefined) run.errorCode = obs.errorCode;
    }
  };

  const onFrame = (rec: FrameRecord): void => {
    stats.frames++;
    // every field present from the start: one hidden class for all observations keeps the hot path monomorphic
    const obs: FrameObservation = {
      rec, parse: rec.parse, dialectError: undefined, json: undefined, event: undefined,
      canaries: rec.parse === 'binary' ? NONE : distinctCanaries(rec.text),
      run: undefined, late: undefined, ended: undefined, tool: undefined, request: undefined, errorCode: undefined, answers: undefined,
    };
    if (rec.parse === 'json') {
      try {
        obs.json = JSON.parse(rec.text);
      } catch {
        obs.parse = 'invalid_json';
      }
    }
    if (rec.dir === 'out') {
      onOutFrame(rec, obs);
      return;
    }
    if (obs.json !== undefined) {
      try {
        obs.event = normalizeNetraFrame(obs.json);
      } catch (error) {
        if (!(error instanceof DialectError)) throw error;
        obs.dialectError = error.reason;
      }
    }
    onInEvent(rec, obs);
    for (const check of onServerFrame) check.onServerFrame?.(obs);
    const run = obs.run;
    if (run !== undefined) {
      run.lastSeq = rec.seq;
      run.lastMono = rec.mono;
      if (run.terminalSeq === rec.seq) endRun(run, 'terminal');
    }
  };

  const push = (rec: HistoryRecord): void => {
    switch (rec.kind) {
      case 'frame':
        users.add(rec.user);
        connections.add(connKey(rec.user, rec.conn));
        onFrame(rec);
        break;
      case 'open':
        users.add(rec.user);
        connections.add(connKey(rec.user, rec.conn));
        for (const check of checks) check.onOpen?.(rec);
        break;
      case 'close':
        for (const check of checks) check.onClose?.(rec);
        break;
      case 'error':
        for (const check of checks) check.onError?.(rec);
        break;
      case 'metrics':
        for (const check of checks) check.onMetrics?.(rec);
        break;
      case 'mark':
        break;
    }
  };

  const end = (): CheckResult => {
    for (const run of [...runs.values()]) endRun(run, 'open');
    for (const queue of pending.values()) for (const request of queue) for (const check of checks) check.onUnansweredRequest?.(request);
    for (const check of checks) check.finish?.();

    stats.users = users.size;
    stats.connections = connections.size;
    const result: CheckResult = { findings, stats, latency: {}, shapes };
    for (const check of checks) check.contribute?.(result);
    findings.sort((a, b) => (a.frameIndex ?? Number.MAX_SAFE_INTEGER) - (b.frameIndex ?? Number.MAX_SAFE_INTEGER));
    return result;
  };
  return { push, end };
}
