/**
 * The chat page's script, run in the browser as written (plain ES2020, no imports). It behaves like the real frontend:
 * ticket from POST /api/websocket/ticket with the stored access token, socket with `?ticket=`, `start_agent` with
 * `{user_request, thread_id, context, settings}`, and each of the five events rendered as it arrives. Server text is
 * only ever set with textContent. The conversation survives a reload (sessionStorage): a run cut short by the reload is
 * marked interrupted and picks up whatever of it still arrives on the new socket.
 */
export const CHAT_PAGE_SCRIPT = String.raw`
(() => {
  'use strict';
  const TOKEN_KEY = 'netra.access_token';
  const STATE_KEY = 'goldpath.chat.state';
  const FINISHED = new Set(['completed', 'error']);
  const byId = (id) => document.getElementById(id);
  const statusLine = byId('status');
  const conversation = byId('conversation');
  const composer = byId('composer');
  const input = byId('message');
  const send = byId('send');
  const login = byId('login');
  const tokenInput = byId('token');
  let socket;
  let retry = 0;
  let stopped = false;

  const state = restore();
  function restore() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STATE_KEY) || 'null');
      if (saved && Array.isArray(saved.runs)) {
        for (const run of saved.runs) if (!FINISHED.has(run.status)) run.interrupted = true;
        return saved;
      }
    } catch (error) { /* a broken state starts a new conversation */ }
    return { threadId: null, runs: [] };
  }
  function save() {
    try { sessionStorage.setItem(STATE_KEY, JSON.stringify(state)); } catch (error) { /* storage full: keep going */ }
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children) if (child !== undefined && child !== null) node.append(child);
    return node;
  }
  function setStatus(text) { statusLine.textContent = text; }
  function setConnected(on) {
    send.disabled = !on;
    composer.setAttribute('aria-busy', on ? 'false' : 'true');
  }

  function runState(run) {
    if (run.status === 'completed') return 'Completed';
    if (run.status === 'error') return 'Failed: ' + (run.error || 'error');
    if (run.interrupted) return 'Interrupted by a page reload; the rest appears here if it still arrives';
    if (run.status === 'sent') return 'Sent, waiting for the agent';
    return 'In progress';
  }
  function renderRun(run, index) {
    const label = 'Run ' + (index + 1);
    const thinking = el('ol');
    for (const text of run.thinking) thinking.append(el('li', {}, text));
    const tools = el('ul');
    for (const tool of run.tools) {
      const done = tool.state === 'completed';
      const detail = done ? 'completed' + (typeof tool.duration === 'number' ? ' in ' + Math.round(tool.duration) + ' ms' : '') : 'running';
      tools.append(el('li', { 'aria-label': 'Tool ' + tool.name + ': ' + detail, 'data-state': tool.state }, el('span', { class: 'tool' }, tool.name), ' ', el('span', { class: 'state' }, detail)));
    }
    return el('article', { 'aria-label': label, 'data-run-id': run.runId || '', 'data-status': run.status },
      el('h2', {}, label + (run.agent ? ' · ' + run.agent : '')),
      el('section', { 'aria-label': 'Your message' }, el('p', { class: 'you' }, run.request)),
      el('p', { class: 'run-state', role: 'note', 'aria-label': 'Run state' }, runState(run)),
      run.task ? el('section', { 'aria-label': 'Task' }, el('h3', {}, 'Task'), el('p', {}, run.task)) : null,
      run.thinking.length ? el('section', { 'aria-label': 'Agent thinking' }, el('h3', {}, 'Thinking'), thinking) : null,
      run.tools.length ? el('section', { 'aria-label': 'Tools' }, el('h3', {}, 'Tools'), tools) : null,
      run.final !== undefined ? el('section', { 'aria-label': 'Final response' }, el('h3', {}, 'Response'), el('p', {}, run.final)) : null,
    );
  }
  function render() {
    conversation.replaceChildren(...state.runs.map(renderRun));
    conversation.lastElementChild?.scrollIntoView({ block: 'end' });
  }

  /** The lenient read of the protocol: top level, then data, then payload. */
  function field(frame, name) {
    if (frame[name] !== undefined && frame[name] !== null) return frame[name];
    for (const place of ['data', 'payload']) {
      const holder = frame[place];
      if (holder && typeof holder === 'object' && holder[name] !== undefined && holder[name] !== null) return holder[name];
    }
    return undefined;
  }
  function text(value) { return typeof value === 'string' ? value : JSON.stringify(value); }

  /** The page never sends run_id: a new run_id belongs to the oldest request still waiting for one. */
  function runFor(runId) {
    let run = state.runs.find((r) => r.runId === runId);
    if (run) return run;
    run = state.runs.find((r) => !r.runId && !FINISHED.has(r.status));
    if (!run) {
      run = { request: '(started elsewhere)', status: 'running', thinking: [], tools: [] };
      state.runs.push(run);
    }
    run.runId = runId;
    return run;
  }

  function onEvent(frame) {
    const type = frame.type;
    if (type === 'error_message' || type === 'error') {
      const code = field(frame, 'error_code') || 'error';
      const waiting = state.runs.find((r) => !r.runId && !FINISHED.has(r.status));
      if (waiting) { waiting.status = 'error'; waiting.error = code; }
      setStatus('Error: ' + code + (field(frame, 'error_message') ? ' — ' + field(frame, 'error_message') : ''));
      return true;
    }
    let runId = field(frame, 'run_id');
    // The real emitter's agent_error carries no ids: it belongs to the newest run still going.
    if (typeof runId !== 'string' && type === 'agent_error') runId = [...state.runs].reverse().find((r) => r.runId && !FINISHED.has(r.status))?.runId;
    if (typeof runId !== 'string') return false;
    const run = runFor(runId);
    run.interrupted = false;
    const agent = field(frame, 'agent_name') || (frame.metadata && frame.metadata.agent_name);
    if (agent) run.agent = agent;
    const threadId = field(frame, 'thread_id');
    if (typeof threadId === 'string' && !state.threadId) state.threadId = threadId;
    const toolName = field(frame, 'tool_name');
    const toolId = field(frame, 'execution_id') || field(frame, 'tool_call_id') || toolName;
    switch (type) {
      case 'agent_started':
        // The agent that opened the run (the Supervisor of a pipeline) is the one whose end ends it.
        if (!run.root) run.root = agent;
        run.status = 'running';
        run.task = field(frame, 'task_description');
        setStatus((agent || 'Agent') + ' started');
        break;
      case 'agent_thinking':
        run.thinking.push(text(field(frame, 'reasoning') ?? ''));
        setStatus((run.agent || 'Agent') + ' is thinking');
        break;
      case 'tool_executing': {
        // Without call ids the same tool may run twice: only a running one with the same name is the same call.
        const tool = run.tools.find((t) => t.id === toolId && t.state === 'running');
        if (!tool) run.tools.push({ id: toolId, name: toolName || 'tool', state: 'running' });
        setStatus('Running tool ' + (toolName || ''));
        break;
      }
      case 'tool_completed': {
        let tool = run.tools.find((t) => t.id === toolId && t.state === 'running');
        if (!tool) { tool = { id: toolId, name: toolName || 'tool' }; run.tools.push(tool); }
        tool.state = 'completed';
        const duration = field(frame, 'execution_time') ?? field(frame, 'duration') ?? field(frame, 'execution_time_ms');
        if (typeof duration === 'number') tool.duration = duration;
        setStatus('Tool ' + (toolName || '') + ' completed');
        break;
      }
      case 'agent_completed': {
        // A sub-agent's report is the answer; the emitter's default "Task completed" only when nothing better came.
        // It is shown once the agent that opened the run completes it.
        const final = field(frame, 'final_response');
        if (final !== undefined && (final !== 'Task completed' || run.answer === undefined)) run.answer = text(final);
        if (run.root && agent && agent !== run.root) {
          setStatus(agent + ' done');
          break;
        }
        run.final = run.answer ?? text(field(frame, 'result') ?? '');
        run.status = 'completed';
        setStatus('Response ready');
        break;
      }
      case 'agent_error':
        run.status = 'error';
        run.error = field(frame, 'error_type') || field(frame, 'error_code') || 'agent_error';
        setStatus('Agent error: ' + run.error);
        break;
      default:
        return false;
    }
    return true;
  }

  async function connect() {
    const token = localStorage.getItem(TOKEN_KEY);
    if (!token) {
      login.hidden = false;
      setStatus('Signed out: paste an access token to start');
      return;
    }
    login.hidden = true;
    setStatus(retry === 0 ? 'Connecting' : 'Reconnecting');
    let ticket;
    try {
      const response = await fetch('/api/websocket/ticket', {
        method: 'POST',
        headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ttl_seconds: 300, single_use: true }),
      });
      const body = await response.json();
      if (!response.ok) {
        setStatus('Sign-in failed: ' + (body.error_code || response.status) + (body.error_message ? ' — ' + body.error_message : ''));
        if (response.status === 401) { login.hidden = false; return; }
        return scheduleReconnect();
      }
      ticket = body;
    } catch (error) {
      setStatus('Backend unreachable: ' + error.message);
      return scheduleReconnect();
    }
    const url = ticket.websocket_url || ((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws?ticket=' + encodeURIComponent(ticket.ticket_id));
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('message', (message) => {
      let frame;
      try { frame = JSON.parse(message.data); } catch (error) { return; }
      if (!frame || typeof frame !== 'object') return;
      const type = frame.type;
      if (type === 'connection_established' || type === 'connection_ready' || (type === 'system_message' && field(frame, 'event') === 'connection_established')) {
        retry = 0;
        setConnected(true);
        const waiting = state.runs.some((r) => r.interrupted);
        setStatus(waiting ? 'Reconnected: an earlier response was interrupted' : 'Connected');
        return;
      }
      if (type === 'heartbeat') { ws.send(JSON.stringify({ type: 'heartbeat_ack', timestamp: Date.now() })); return; }
      if (onEvent(frame)) { save(); render(); }
    });
    ws.addEventListener('close', (event) => {
      if (socket !== ws) return;
      setConnected(false);
      if (event.code === 1008) { setStatus('Signed out: the backend rejected the credentials'); login.hidden = false; return; }
      setStatus('Disconnected (' + event.code + '); reconnecting');
      scheduleReconnect();
    });
  }
  function scheduleReconnect() {
    if (stopped) return;
    retry += 1;
    setTimeout(connect, Math.min(5000, 250 * 2 ** Math.min(retry, 5)));
  }

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const request = input.value.trim();
    if (!request || !socket || socket.readyState !== WebSocket.OPEN) return;
    state.runs.push({ request, status: 'sent', thinking: [], tools: [] });
    socket.send(JSON.stringify({ type: 'start_agent', payload: { user_request: request, thread_id: state.threadId, context: { source: 'message_input' }, settings: {} } }));
    input.value = '';
    setStatus('Sent');
    save();
    render();
  });
  login.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = tokenInput.value.trim();
    if (!token) return;
    localStorage.setItem(TOKEN_KEY, token);
    tokenInput.value = '';
    retry = 0;
    connect();
  });
  window.addEventListener('pagehide', () => { stopped = true; });

  setConnected(false);
  render();
  connect();
})();
`;
