import {
  DEFAULT_GOLDEN_PATH_RULES,
  DialectError,
  Expectations,
  findCanaries,
  findOpenSpan,
  normalizeNetraFrame,
  ownCopy,
  readField,
  readFirstString,
  repeatsOpenSpan,
  type CanonicalEvent,
  type CloseRecord,
  type EndRecord,
  type Finding,
  type HistoryHeader,
  type HistoryRecord,
  type ReadFrame,
  type ReadRecord,
} from '../../contracts/index.ts';
import { asReadRecord } from '../../contracts/index.ts';
import { BoundedMap } from './BoundedMap.ts';
import { EventCopies } from './EventCopies.ts';
import type {
  Check,
  CheckFactory,
  EndedRun,
  FrameObservation,
  OpenTool,
  RequestState,
  RunView,
  ScanContext,
  SocketCut,
  SpanView,
} from './Check.ts';
import type { CheckOptions, CheckResult, CheckStats } from './CheckOptions.ts';
import { TieFingerprints, type PartialScan } from './PartialScan.ts';
import { cutFrameFinding } from './cutFrameFinding.ts';
import { boundFinding } from '../../contracts/index.ts';
import { NO_ERROR_CODE } from './noErrorCode.ts';
import { shapeOf, shapeToken } from './runShape.ts';
import { RunTypes, typeFacts, UNNAMED_TYPE, type TypeFacts } from './RunTypes.ts';

const REQUEST_TYPES = new Set(['start_agent', 'user_message']);
const ERROR_TYPES = ['error_message', 'error', 'agent_error'];
const DEFAULT_WINDOW = 50_000;

type Body = Record<string, unknown>;

function errorCodeOf(frame: Body): string {
  const code = readField(frame, 'error_code') ?? readField(frame, 'error_type') ?? readField(frame, 'code');
  return typeof code === 'string' && code.length > 0 ? code : NO_ERROR_CODE;
}

const NONE: string[] = [];

/** The canaries of a frame text, each once, copied (the text may be a slice of a whole chunk read: see ownCopy). */
function distinctCanaries(text: string): string[] {
  if (!text.includes('GPC-')) return NONE;
  let found = findCanaries(text);
  if (found.length > 8) found = [...new Set(found)];
  else if (found.length > 1) {
    // a frame quotes one or two canaries, often twice: dedupe in place, no Set
    let n = 0;
    for (let i = 0; i < found.length; i++) {
      const canary = found[i]!;
      let seen = false;
      for (let j = 0; j < n; j++) if (found[j] === canary) seen = true;
      if (!seen) found[n++] = canary;
    }
    found.length = n;
  }
  for (let i = 0; i < found.length; i++) found[i] = ownCopy(found[i]!);
  return found;
}

/** A scan fed one record at a time: `push` each record in order, then `end` once. */
export interface HistoryScanner {
  push(record: ReadRecord): void;
  end(): CheckResult;
  /**
   * For a scan over one partition of the users (created with `partial`), instead of end(): what it gathered, for
   * mergePartialScans. The checks whose verdict needs every user do not finish here.
   */
  endPartial(): PartialScan;
}

/** A scan of one partition of the users: every record it is fed is one of its users', or one every partition gets. */
export interface ScanPartial {
  partial: true;
}

/** The context every check of a scan shares; `report` collects into `findings`. */
function scanContext(
  header: HistoryHeader,
  options: CheckOptions,
  findings: Finding[],
  runsStarted: () => number,
  canaryOwner: (canary: string) => RequestState | undefined,
): ScanContext {
  const rules = options.rules ?? DEFAULT_GOLDEN_PATH_RULES;
  const expectations = Expectations.parse(options.expectations ?? header.expectations ?? {});
  return {
    header,
    rules,
    expectations,
    maxGapMs: expectations.maxGapMs ?? rules.maxGapMs,
    runDeadlineMs: expectations.runDeadlineMs ?? rules.runDeadlineMs,
    options,
    window: options.window ?? DEFAULT_WINDOW,
    report: (finding) => {
      const bounded = boundFinding(finding);
      findings.push(
        header.scenario !== undefined && bounded.scenario === undefined
          ? { ...bounded, scenario: header.scenario }
          : bounded,
      );
    },
    get runsStarted() {
      return runsStarted();
    },
    canaryOwner,
  };
}

/** The result of a scan, once its checks finished: their contributions in, findings in frame order. */
function assembleResult(
  checks: readonly Check[],
  findings: Finding[],
  stats: CheckStats,
  shapes: Record<string, number>,
  recording: CheckResult['recording'],
): CheckResult {
  const result: CheckResult = { findings, stats, latency: {}, shapes };
  if (recording !== undefined) result.recording = recording;
  for (const check of checks) check.contribute?.(result);
  findings.sort((a, b) => (a.frameIndex ?? Number.MAX_SAFE_INTEGER) - (b.frameIndex ?? Number.MAX_SAFE_INTEGER));
  return result;
}

/**
 * One result from the scans of every partition of the users (PartialScan, in partition order), the same as one scan
 * over the whole history gives, provided no two partitions share a tie (see PartialScan.ties and sharesTie): the
 * checks whose verdict needs every user take in what each partition gathered, then finish.
 */
export function mergePartialScans(
  header: HistoryHeader,
  options: CheckOptions,
  factories: readonly CheckFactory[],
  parts: readonly PartialScan[],
): CheckResult {
  const findings: Finding[] = parts.flatMap((part) => part.findings);
  const runsStarted = parts.reduce((n, part) => n + part.runsStarted, 0);
  const ctx = scanContext(
    header,
    options,
    findings,
    () => runsStarted,
    () => undefined,
  );
  const checks = factories.map((factory) => factory(ctx));
  checks.forEach((check, i) => {
    if (check.importState === undefined) return;
    for (const part of parts) check.importState(part.states[i]);
    check.finish?.();
  });
  const stats: CheckStats = { users: 0, connections: 0, requests: 0, runs: 0, runsCompleted: 0, events: 0, frames: 0 };
  const shapes: Record<string, number> = {};
  for (const part of parts) {
    for (const key of Object.keys(stats) as (keyof CheckStats)[]) stats[key] += part.stats[key];
    for (const [shape, n] of Object.entries(part.shapes)) shapes[shape] = (shapes[shape] ?? 0) + n;
  }
  let recording: CheckResult['recording'];
  if (header.endRecord === true) {
    const shared = parts[0]?.sharedRecords ?? 0;
    recording = {
      ended: parts[0]?.endRecord?.reason ?? 'cut_off',
      records: parts.reduce((n, part) => n + part.records, 0) - shared * (parts.length - 1),
      runsNotObserved: parts.reduce((n, part) => n + part.runsNotObserved, 0),
      requestsNotObserved: parts.reduce((n, part) => n + part.requestsNotObserved, 0),
    };
  }
  return assembleResult(checks, findings, stats, shapes, recording);
}

/**
 * The single pass behind every check: parses each frame once, maps it to a canonical event, correlates requests,
 * runs and tool calls, and hands the result to the checks. Per-run state is dropped when the run ends.
 */
export async function scanHistory(
  header: HistoryHeader,
  records: Iterable<HistoryRecord | ReadRecord> | AsyncIterable<HistoryRecord | ReadRecord>,
  options: CheckOptions,
  factories: readonly CheckFactory[],
): Promise<CheckResult> {
  const scanner = createScanner(header, options, factories);
  // records held in memory (tests, hand-built histories) may be history records as written: read them as the reader would
  if (Symbol.iterator in records) {
    // a plain loop: for await over a sync iterable would cost a microtask per record
    for (const record of records) scanner.push(asReadRecord(record));
  } else {
    for await (const record of records) scanner.push(asReadRecord(record));
  }
  return scanner.end();
}

/** One socket of a user, as far as the history tells. */
interface SocketState {
  open: boolean;
  /** The last run this socket delivered an event of: consecutive events usually belong to one run. */
  lastRun: RunView | undefined;
}

/** The sockets of one user, and the one of their last record (asked again for most records). */
interface SocketsOfUser {
  byConn: Map<string, SocketState>;
  lastConn: string | undefined;
  last: SocketState | undefined;
}

/** The scanner behind scanHistory, for callers that already hold records in batches. */
export function createScanner(
  header: HistoryHeader,
  options: CheckOptions,
  factories: readonly CheckFactory[],
  partial?: ScanPartial,
): HistoryScanner {
  const findings: Finding[] = [];
  let runsStarted = 0;
  const window = options.window ?? DEFAULT_WINDOW;
  const startedRuns = new BoundedMap<string, true>(window);
  const canaryOwner = new BoundedMap<string, RequestState>(window);
  const ctx = scanContext(
    header,
    options,
    findings,
    () => runsStarted,
    (canary) => canaryOwner.get(canary),
  );
  const { rules, expectations } = ctx;
  /** Only for a partial scan: what ties its users to others (PartialScan.ties). */
  const ties = partial !== undefined ? new TieFingerprints() : undefined;
  let sharedRecords = 0;
  const checks: Check[] = factories.map((factory) => factory(ctx));
  const onServerFrame = checks.filter((c) => c.onServerFrame !== undefined);
  const onRunEnd = checks.filter((c) => c.onRunEnd !== undefined);

  /** user → socket → state */
  const sockets = new Map<string, SocketsOfUser>();
  const stats = { users: 0, connections: 0, requests: 0, runs: 0, runsCompleted: 0, events: 0, frames: 0 };
  const shapes: Record<string, number> = {};
  /** Open runs by user + run id, and by user (to mark them interrupted when a socket closes). */
  const runs = new Map<string, RunView>();
  const runsOfUser = new Map<string, Set<RunView>>();
  const ended = new BoundedMap<string, EndedRun>(window);
  /** Unanswered requests per user, oldest first. */
  const pending = new Map<string, RequestState[]>();
  let endRecord: EndRecord | undefined;
  let records = 0;
  const { open: toolOpen, close: toolClose, idFields } = rules.toolPairing;
  const successTerminal = rules.terminal[0];
  /** What the rules say of each type they name: looked up once per event */
  const facts = typeFacts(rules, ERROR_TYPES);

  const socketOf = (user: string, conn: string): SocketState => {
    let ofUser = sockets.get(user);
    if (ofUser === undefined) {
      ofUser = { byConn: new Map(), lastConn: undefined, last: undefined };
      sockets.set(user, ofUser);
    }
    // a user's frames mostly come on the socket of their previous one
    if (ofUser.lastConn === conn) return ofUser.last!;
    let socket = ofUser.byConn.get(conn);
    if (socket === undefined) {
      socket = { open: true, lastRun: undefined };
      ofUser.byConn.set(conn, socket);
    }
    ofUser.lastConn = conn;
    ofUser.last = socket;
    return socket;
  };

  const openSockets = (user: string): number => {
    let n = 0;
    for (const socket of sockets.get(user)?.byConn.values() ?? []) if (socket.open) n++;
    return n;
  };

  const unlinkPending = (request: RequestState): void => {
    const queue = pending.get(request.user);
    const index = queue?.indexOf(request) ?? -1;
    if (queue !== undefined && index !== -1) queue.splice(index, 1);
  };

  const link = (run: RunView, request: RequestState, obs: FrameObservation | undefined): void => {
    run.request = request;
    request.runId = run.runId;
    request.outcome = 'run';
    unlinkPending(request);
    if (request.interrupted === true && obs !== undefined && run.events === 0) {
      // its request's socket closed before the run began: the run's first events may be lost
      run.interruptedSeq ??= request.seq;
      obs.resumed = true;
    }
  };

  /** Fallback correlation: the user's oldest unanswered request sent before the run began. */
  const linkInOrder = (run: RunView): void => {
    if (run.request !== undefined || run.foreign) return;
    const first = pending.get(run.user)?.[0];
    if (first !== undefined && first.seq < run.firstSeq) link(run, first, undefined);
  };

  const endRun = (run: RunView, how: 'terminal' | 'open'): void => {
    linkInOrder(run);
    runs.delete(run.key);
    runsOfUser.get(run.user)?.delete(run);
    if (!run.foreign) {
      if (how === 'terminal' && run.terminalType === successTerminal) stats.runsCompleted++;
      const shape = shapeOf(run);
      shapes[shape] = (shapes[shape] ?? 0) + 1;
    }
    if (how === 'terminal') {
      const gone: EndedRun = {
        runId: run.runId,
        user: run.user,
        terminalType: run.terminalType ?? '',
        terminalSeq: run.terminalSeq ?? run.lastSeq,
        rootName: run.root?.name,
      };
      // copies of its events may still be on their way to the user's other open sockets
      if (openSockets(run.user) > 1) gone.copies = run.copies;
      ended.set(run.key, gone);
    }
    for (const check of onRunEnd) check.onRunEnd!(run, how);
  };

  /** The identity of an event across the user's sockets: its event_id, else its frame text. */
  const eventKey = (raw: Body, text: string): string => {
    const id = readField(raw, 'event_id');
    if (typeof id === 'number') return `#${id}`;
    // a frame text is a JSON object ('{' first, maybe after blanks): an id that could look like one is marked
    return typeof id === 'string' && id.length > 0
      ? id.charCodeAt(0) === 123 || id.charCodeAt(0) <= 32
        ? `#${id}`
        : id
      : ownCopy(text);
  };

  const onOutFrame = (rec: ReadFrame, obs: FrameObservation): void => {
    const type = (obs.json as Body | undefined)?.type;
    if (typeof type !== 'string' || !REQUEST_TYPES.has(type)) return;
    stats.requests++;
    const request: RequestState = {
      seq: rec.seq,
      mono: rec.mono,
      user: rec.user,
      conn: rec.conn,
      type,
      canaries: obs.canaries,
    };
    obs.request = request;
    for (const canary of obs.canaries) {
      if (!canaryOwner.has(canary)) canaryOwner.set(canary, request);
      ties?.add('c', canary);
    }
    const queue = pending.get(rec.user);
    if (queue === undefined) pending.set(rec.user, [request]);
    else queue.push(request);
    for (const check of checks) check.onRequest?.(obs as FrameObservation & { request: RequestState });
  };

  /** An error frame without a run answers the oldest unanswered request sent on its socket. */
  const answerError = (rec: ReadFrame, obs: FrameObservation, errorCode: string): void => {
    const queue = pending.get(rec.user);
    if (queue === undefined) return;
    for (let i = 0; i < queue.length; i++) {
      const request = queue[i]!;
      if (request.conn !== rec.conn) continue;
      if (request.seq < rec.seq) {
        request.outcome = expectations.allowedErrorCodes.includes(errorCode) ? 'rejected' : 'error';
        obs.answers = request;
        queue.splice(i, 1);
      }
      return;
    }
  };

  const newRun = (
    rec: ReadFrame,
    obs: FrameObservation,
    event: CanonicalEvent,
    key: string,
    runId: string,
  ): RunView => {
    let foreignCanary = obs.canaries.length > 0;
    for (const c of obs.canaries) {
      const owner = canaryOwner.get(c);
      if (owner === undefined || owner.user === rec.user) {
        foreignCanary = false;
        break;
      }
    }
    const run: RunView = {
      key,
      runId,
      user: rec.user,
      conn: rec.conn,
      conns: [rec.conn],
      threadId: undefined,
      threadSeq: undefined,
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
      types: new RunTypes(facts),
      tokens: [],
      root: undefined,
      open: [],
      outside: undefined,
      closed: undefined,
      foreign: (event.userId !== undefined && event.userId !== rec.user) || foreignCanary,
      interruptedSeq: undefined,
      resumePending: false,
      copies: new EventCopies(rec.conn),
      order: undefined,
      overload: undefined,
    };
    runs.set(key, run);
    ties?.add('r', runId);
    let open = runsOfUser.get(rec.user);
    if (open === undefined) runsOfUser.set(rec.user, (open = new Set()));
    open.add(run);
    if (!run.foreign) stats.runs++;
    return run;
  };

  const onInEvent = (rec: ReadFrame, obs: FrameObservation, socket: SocketState): void => {
    const event = obs.event;
    if (event === undefined) return;
    const raw = event.raw;
    const type = event.type;
    const fact = facts.get(type) ?? UNNAMED_TYPE;
    if (fact.error) obs.errorCode = errorCodeOf(raw);
    let runId = event.runId;
    if (runId === undefined && event.type === rules.terminal[1]) {
      // the emitter's agent_error carries no ids: it belongs to the innermost open run of its socket
      runId = innermostRunOf(rec, socket)?.runId;
    }
    if (runId === undefined) {
      if (obs.errorCode !== undefined) answerError(rec, obs, obs.errorCode);
      return;
    }
    let run = socket.lastRun;
    if (run === undefined || run.runId !== runId || run.terminalSeq !== undefined) {
      const key = `${rec.user}\u0000${runId}`;
      run = runs.get(key);
      if (run === undefined) {
        const gone = ended.get(key);
        if (gone !== undefined) {
          if (gone.copies !== undefined && gone.copies.arrive(eventKey(raw, rec.text), rec.conn)) obs.copy = true;
          else {
            stats.events++;
            obs.late = true;
            obs.ended = gone;
          }
          return;
        }
        run = newRun(rec, obs, event, key, runId);
      }
      socket.lastRun = run;
    }
    obs.run = run;
    if (rec.conn !== run.conn && !run.conns.includes(rec.conn)) run.conns.push(rec.conn);
    if (run.copies.arrive(eventKey(raw, rec.text), rec.conn)) {
      obs.copy = true;
      return;
    }
    stats.events++;
    if (run.resumePending) {
      run.resumePending = false;
      obs.resumed = true;
    }
    if (event.threadId !== undefined && run.threadId === undefined) {
      run.threadId = event.threadId;
      run.threadSeq = rec.seq;
    }
    if (run.request === undefined && !run.foreign) {
      for (const canary of obs.canaries) {
        const owner = canaryOwner.get(canary);
        if (
          owner !== undefined &&
          owner.user === rec.user &&
          (owner.runId === undefined || owner.runId === runId) &&
          owner.outcome !== 'rejected' &&
          owner.outcome !== 'error'
        ) {
          link(run, owner, obs);
          break;
        }
      }
    }
    if (type === rules.start) {
      if (run.startedMono === undefined) run.startedMono = rec.mono;
      if (!startedRuns.has(run.key)) {
        startedRuns.set(run.key, true);
        runsStarted++;
      }
    }
    const span = placeInSpan(rec, obs, run, type, fact, event.agentName);
    // a frame of an agent whose span ended is reported as such, not paired in the span it landed in
    if ((type === toolOpen || type === toolClose) && obs.spanEvent !== 'after_end')
      pairTool(rec, obs, span, type, event.toolName, readFirstString(raw, idFields));
    run.events++;
    run.types.add(type, fact);
    if (fact.required !== 0) span.requiredSeen |= fact.required;
    const token = shapeToken(type, event.toolName);
    if (span.outside) run.tokens.push(token);
    else span.tokens.push(token);
    if (fact.terminal && (obs.spanEvent === 'close' ? span === run.root : span.outside && run.root === undefined)) {
      run.terminalType = type;
      run.terminalSeq = rec.seq;
      run.terminalMono = rec.mono;
      if (obs.errorCode !== undefined) run.errorCode = obs.errorCode;
    }
  };

  /** The innermost open run of a socket: the one it delivered last, else its latest still open. */
  const innermostRunOf = (rec: ReadFrame, socket: SocketState): RunView | undefined => {
    const last = socket.lastRun;
    if (last !== undefined && last.terminalSeq === undefined && runs.has(last.key)) return last;
    let found: RunView | undefined;
    for (const run of runsOfUser.get(rec.user) ?? [])
      if (run.conns.includes(rec.conn) && (found === undefined || run.firstSeq > found.firstSeq)) found = run;
    return found;
  };

  const newSpan = (
    name: string | undefined,
    parent: SpanView | undefined,
    seq: number,
    outside: boolean,
  ): SpanView => ({
    name,
    parent,
    startSeq: seq,
    endSeq: undefined,
    endType: undefined,
    outside,
    requiredSeen: 0,
    tokens: [],
    openTools: new Map(),
    closedTools: undefined,
    nested: false,
    prev: undefined,
  });

  const outsideOf = (run: RunView, seq: number): SpanView => (run.outside ??= newSpan(undefined, undefined, seq, true));

  /**
   * Which span of its run a frame belongs to (rules.spans): a start opens one, a terminal closes the innermost open
   * span of its agent with everything inside it, any other frame goes to its agent's open span, else the innermost.
   * Returns the span whose tokens and tools the frame joins.
   */
  const placeInSpan = (
    rec: ReadFrame,
    obs: FrameObservation,
    run: RunView,
    type: string,
    fact: TypeFacts,
    name: string | undefined,
  ): SpanView => {
    const open = run.open;
    if (type === rules.start) {
      const again = repeatsOpenSpan(open, name);
      if (again !== -1) {
        obs.spanEvent = 'duplicate_open';
        return (obs.span = open[again]!);
      }
      if (
        run.root === undefined &&
        run.events > 0 &&
        (run.interruptedSeq !== undefined || obs.resumed) &&
        open.length === 0
      ) {
        // a reconnect lost the root's start: the frames so far are the root, whose agent is unknown
        const root = outsideOf(run, rec.seq);
        root.outside = false;
        run.root = root;
        run.tokens.push(root);
        open.push(root);
        run.outside = undefined;
      }
      const parent = open[open.length - 1];
      const span = newSpan(name, parent, rec.seq, false);
      if (parent === undefined) {
        run.root = span;
        run.tokens.push(span);
      } else {
        parent.tokens.push(span);
        parent.nested = true;
      }
      open.push(span);
      obs.spanEvent = 'open';
      return (obs.span = span);
    }
    if (open.length === 0) return (obs.span = outsideOf(run, rec.seq));
    let at = findOpenSpan(open, name);
    if (fact.terminal) {
      // a root whose start was lost (name unknown) is closed by a terminal no open agent claims
      if (at === -1 && open[0]!.name === undefined && run.root === open[0]) at = 0;
      if (at === -1) {
        obs.spanEvent = 'orphan_close';
        const before = name !== undefined ? run.closed?.get(name) : undefined;
        if (before !== undefined) obs.closedBefore = before;
        return (obs.span = open[open.length - 1]!);
      }
      const span = open[at]!;
      if (at < open.length - 1) obs.leftOpen = open.slice(at + 1).reverse();
      for (let i = open.length - 1; i >= at; i--) {
        const closing = open[i]!;
        closing.endSeq = rec.seq;
        closing.endType = type;
        if (closing !== run.root && closing.name !== undefined) (run.closed ??= new Map()).set(closing.name, closing);
      }
      open.length = at;
      obs.spanEvent = 'close';
      return (obs.span = span);
    }
    if (at === -1) {
      at = open.length - 1;
      const before = name !== undefined ? run.closed?.get(name) : undefined;
      if (before !== undefined && fact.ruled) {
        obs.spanEvent = 'after_end';
        obs.closedBefore = before;
      }
    }
    return (obs.span = open[at]!);
  };

  /** Pairs a tool event within its span: by call id where there is one, else by tool name, first in first out. */
  const pairTool = (
    rec: ReadFrame,
    obs: FrameObservation,
    run: SpanView,
    type: string,
    toolName: string | undefined,
    id: string | undefined,
  ): void => {
    const name = toolName ?? '?';
    const slot = id !== undefined ? `id:${id}` : `name:${name}`;
    const open = run.openTools.get(slot);
    if (type === toolOpen) {
      const first = open?.[0];
      if (id !== undefined && first !== undefined) obs.tool = { kind: 'duplicate_open', id, name, first };
      else {
        const entry: OpenTool =
          id !== undefined ? { seq: rec.seq, mono: rec.mono, name, id } : { seq: rec.seq, mono: rec.mono, name };
        if (open === undefined) run.openTools.set(slot, [entry]);
        else open.push(entry);
        obs.tool = id !== undefined ? { kind: 'open', name, id } : { kind: 'open', name };
      }
      return;
    }
    const first = open?.shift();
    if (first !== undefined) {
      if (open!.length === 0) run.openTools.delete(slot);
      if (id !== undefined) (run.closedTools ??= new Set()).add(slot);
      obs.tool = id !== undefined ? { kind: 'close', name, open: first, id } : { kind: 'close', name, open: first };
    } else {
      const already = run.closedTools?.has(slot) === true;
      obs.tool =
        id !== undefined ? { kind: 'unmatched_close', name, already, id } : { kind: 'unmatched_close', name, already };
    }
  };

  /**
   * A partial scan notes what in a server frame could tie its user to a user of another partition: its canaries and
   * thread id. Each is noted once at least (ties are a set), so what is surely noted already is skipped: the canaries
   * of the run's own request (noted when it was sent) and the thread id its run took before this frame.
   */
  const tie = (rec: ReadFrame, obs: FrameObservation): void => {
    const run = obs.run;
    const own = run?.request?.canaries;
    for (const canary of obs.canaries) if (own === undefined || !own.includes(canary)) ties!.add('c', canary);
    const threadId = obs.event?.threadId;
    if (threadId !== undefined && (run === undefined || run.threadId !== threadId || run.threadSeq === rec.seq))
      ties!.add('t', threadId);
  };

  const onFrame = (rec: ReadFrame): void => {
    stats.frames++;
    if (rec.truncated !== undefined) {
      ctx.report(cutFrameFinding(rec));
      if (rec.truncated === 'text') return;
    }
    const socket = socketOf(rec.user, rec.conn);
    // every field present from the start: one hidden class for all observations keeps the hot path monomorphic
    const obs: FrameObservation = {
      rec,
      parse: rec.parse,
      dialectError: undefined,
      json: undefined,
      event: undefined,
      canaries: rec.parse === 'binary' ? NONE : distinctCanaries(rec.text),
      run: undefined,
      copy: false,
      resumed: false,
      late: undefined,
      ended: undefined,
      tool: undefined,
      span: undefined,
      spanEvent: undefined,
      leftOpen: undefined,
      closedBefore: undefined,
      request: undefined,
      errorCode: undefined,
      answers: undefined,
    };
    if (rec.parse === 'json') {
      // parsed once, by the reader
      if (rec.value !== undefined) obs.json = rec.value;
      else obs.parse = 'invalid_json';
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
    onInEvent(rec, obs, socket);
    if (ties !== undefined) tie(rec, obs);
    for (let i = 0; i < onServerFrame.length; i++) onServerFrame[i]!.onServerFrame!(obs);
    const run = obs.run;
    if (run !== undefined) {
      run.lastSeq = rec.seq;
      run.lastMono = rec.mono;
      if (run.terminalSeq === rec.seq) endRun(run, 'terminal');
    }
  };

  /**
   * A socket closed. The backend does not replay what it sent while the user had no socket, so each open run this
   * socket carried may miss events from here on, and each request sent on it and not yet answered may miss its run's
   * start. Such a run is not held to the events it may have missed (order at the resume point, tools opened before,
   * required types), but it must still reach its terminal event on some socket of the user.
   */
  const onSocketClose = (rec: CloseRecord): SocketCut => {
    const socket = sockets.get(rec.user)?.byConn.get(rec.conn);
    if (socket !== undefined) {
      socket.open = false;
      socket.lastRun = undefined;
    }
    const cut: SocketCut = { requests: [], runs: [] };
    for (const run of runsOfUser.get(rec.user) ?? []) {
      if (!run.conns.includes(rec.conn)) continue;
      run.interruptedSeq = rec.seq;
      run.resumePending = true;
      if (!run.foreign) cut.runs.push(run);
    }
    const queue = pending.get(rec.user) ?? [];
    // a close with a code the scenario allows (a denial by close, e.g. 1009 on an oversized message) answers them
    const denied = expectations.allowedCloseCodes.includes(rec.code);
    for (const request of [...queue]) {
      if (request.conn !== rec.conn) continue;
      request.interrupted = true;
      if (denied) {
        request.outcome = 'rejected';
        unlinkPending(request);
      } else cut.requests.push(request);
    }
    return cut;
  };

  const push = (rec: ReadRecord): void => {
    switch (rec.kind) {
      case 'frame':
        onFrame(rec);
        break;
      case 'open': {
        const socket = socketOf(rec.user, rec.conn);
        socket.open = true;
        for (const check of checks) check.onOpen?.(rec);
        break;
      }
      case 'close': {
        const cut = onSocketClose(rec);
        for (const check of checks) check.onClose?.(rec, cut);
        break;
      }
      case 'error':
        for (const check of checks) check.onError?.(rec);
        break;
      case 'metrics':
        sharedRecords++;
        for (const check of checks) check.onMetrics?.(rec);
        break;
      case 'mark':
        sharedRecords++;
        for (const check of checks) check.onMark?.(rec);
        break;
      case 'end':
        endRecord = rec;
        return;
    }
    records++;
  };

  /** Ends the runs and requests still open (when the recording was observed to its end); counts what it could not see. */
  const closeScan = (): { runsNotObserved: number; requestsNotObserved: number } => {
    // a recording that stopped early did not see open runs end: they are not observed to the end, not findings
    const observedToEnd = header.endRecord !== true || endRecord?.reason === 'closed';
    let runsNotObserved = 0;
    let requestsNotObserved = 0;
    if (observedToEnd) {
      for (const run of [...runs.values()]) endRun(run, 'open');
      for (const queue of pending.values())
        for (const request of queue) for (const check of checks) check.onUnansweredRequest?.(request);
    } else {
      for (const run of runs.values()) if (!run.foreign) runsNotObserved++;
      for (const queue of pending.values()) requestsNotObserved += queue.length;
    }
    stats.users = sockets.size;
    for (const ofUser of sockets.values()) stats.connections += ofUser.byConn.size;
    return { runsNotObserved, requestsNotObserved };
  };

  const end = (): CheckResult => {
    const { runsNotObserved, requestsNotObserved } = closeScan();
    for (const check of checks) check.finish?.();
    return assembleResult(
      checks,
      findings,
      stats,
      shapes,
      header.endRecord === true
        ? { ended: endRecord?.reason ?? 'cut_off', records, runsNotObserved, requestsNotObserved }
        : undefined,
    );
  };

  const endPartial = (): PartialScan => {
    if (ties === undefined) throw new Error('endPartial() ends a scan created with { partial: true }');
    const { runsNotObserved, requestsNotObserved } = closeScan();
    const states = checks.map((check) => {
      if (check.exportState !== undefined) return check.exportState();
      if (check.contribute !== undefined)
        throw new Error('a check that contributes to the result must export its state');
      check.finish?.();
      return undefined;
    });
    return {
      findings,
      stats,
      shapes,
      runsStarted,
      records,
      sharedRecords,
      endRecord,
      runsNotObserved,
      requestsNotObserved,
      states,
      ties: ties.sorted(),
    };
  };
  return { push, end, endPartial };
}
