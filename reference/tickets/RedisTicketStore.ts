import { connect, type Socket } from 'node:net';
import type { TicketStore, WebSocketTicket } from '../server/TicketStore.ts';

type Reply = string | number | null | Reply[];

/** Gets a ticket and, when it is single-use, deletes it in the same step (two redeems never both win). */
const REDEEM = `local v = redis.call('GET', KEYS[1]) if v and string.find(v, '"singleUse":true', 1, true) then redis.call('DEL', KEYS[1]) end return v`;
const CLEAR = `local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('DEL', k) end return n`;

/**
 * A TicketStore in Redis (what the real backend uses), so tickets outlive one process and are shared by replicas.
 * Speaks RESP2 over one TCP connection; no client library.
 * @example const store = await RedisTicketStore.connect('redis://127.0.0.1:6379'); await startReferenceBackend({ ticketStore: store })
 */
export class RedisTicketStore implements TicketStore {
  private readonly pending: { resolve(reply: Reply): void; reject(error: Error): void }[] = [];
  private buffer = Buffer.alloc(0);

  private constructor(
    private readonly socket: Socket,
    private readonly prefix: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const failAll = (error: Error): void => {
      for (const p of this.pending.splice(0)) p.reject(error);
    };
    socket.on('error', failAll);
    socket.on('close', () => failAll(new Error('redis connection closed')));
  }

  static async connect(url: string, prefix = 'goldpath:ticket:'): Promise<RedisTicketStore> {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.setNoDelay(true);
    const store = new RedisTicketStore(socket, prefix);
    await store.command('PING');
    return store;
  }

  async save(ticket: WebSocketTicket): Promise<void> {
    const ttl = Math.max(1, Math.ceil(ticket.expiresAt - Date.now()));
    await this.command('SET', this.prefix + ticket.ticketId, JSON.stringify(ticket), 'PX', String(ttl));
  }

  async redeem(ticketId: string, now: number): Promise<WebSocketTicket | undefined> {
    const raw = await this.command('EVAL', REDEEM, '1', this.prefix + ticketId);
    if (typeof raw !== 'string') return undefined;
    const ticket = JSON.parse(raw) as WebSocketTicket;
    return ticket.expiresAt <= now ? undefined : ticket;
  }

  async clear(): Promise<void> {
    await this.command('EVAL', CLEAR, '0', `${this.prefix}*`);
  }

  close(): void {
    this.socket.end();
  }

  command(...args: string[]): Promise<Reply> {
    const parts = args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(`*${args.length}\r\n${parts.join('')}`);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const parsed = parseReply(this.buffer, 0);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.end);
      const waiter = this.pending.shift();
      if (parsed.reply instanceof Error) waiter?.reject(parsed.reply);
      else waiter?.resolve(parsed.reply);
    }
  }
}

/** One RESP2 reply starting at `at`, or undefined when the buffer does not hold all of it yet. */
function parseReply(buf: Buffer, at: number): { reply: Reply | Error; end: number } | undefined {
  const lineEnd = buf.indexOf('\r\n', at);
  if (lineEnd < 0) return undefined;
  const kind = String.fromCharCode(buf[at] ?? 0);
  const line = buf.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  if (kind === '+') return { reply: line, end: next };
  if (kind === '-') return { reply: new Error(`redis: ${line}`), end: next };
  if (kind === ':') return { reply: Number(line), end: next };
  if (kind === '$') {
    const length = Number(line);
    if (length < 0) return { reply: null, end: next };
    if (buf.length < next + length + 2) return undefined;
    return { reply: buf.toString('utf8', next, next + length), end: next + length + 2 };
  }
  if (kind === '*') {
    const count = Number(line);
    if (count < 0) return { reply: null, end: next };
    const items: Reply[] = [];
    let end = next;
    for (let i = 0; i < count; i++) {
      const item = parseReply(buf, end);
      if (!item) return undefined;
      if (item.reply instanceof Error) return item;
      items.push(item.reply);
      end = item.end;
    }
    return { reply: items, end };
  }
  return { reply: new Error(`redis: unexpected reply type ${kind}`), end: buf.length };
}
