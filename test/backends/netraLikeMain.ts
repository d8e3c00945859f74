/**
 * Runs a Netra-like backend by hand, to point goldpath at it:
 *   npx tsx test/backends/netraLikeMain.ts --shape pipeline --port 0 --require-token-type
 *   node bin/goldpath.mjs run --target <ws url> --secret <secret> --project protocol
 * Options: --shape pipeline|bridge, --port N, --secret S, --issuer I, --require-token-type, --level strict|relaxed,
 * --demo-mode, --subprotocol echo-jwt|jwt-auth, --bug NAME (repeatable), --step-delay-ms N.
 */
import { parseArgs } from 'node:util';
import { isNetraBug, NETRA_BUGS, type NetraBug } from './NetraBug.ts';
import { startNetraLikeBackend } from './startNetraLikeBackend.ts';

function fail(message: string): never {
  process.stderr.write(`netra-like: ${message}\n`);
  process.exit(2);
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    fail(`--${name}: expected one of ${allowed.join(', ')}, received "${value}"`);
  return value as T;
}

function toInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) fail(`--${name}: expected a non-negative integer, received "${value}"`);
  return parsed;
}

const { values } = parseArgs({
  options: {
    shape: { type: 'string', default: 'pipeline' },
    port: { type: 'string' },
    secret: { type: 'string' },
    issuer: { type: 'string' },
    'require-token-type': { type: 'boolean', default: false },
    level: { type: 'string' },
    'demo-mode': { type: 'boolean', default: false },
    subprotocol: { type: 'string' },
    bug: { type: 'string', multiple: true, default: [] },
    'step-delay-ms': { type: 'string' },
  },
  strict: true,
});

const bugs: NetraBug[] = values.bug.map((name) =>
  isNetraBug(name) ? name : fail(`--bug: expected one of ${NETRA_BUGS.join(', ')}, received "${name}"`),
);
const backend = await startNetraLikeBackend({
  shape: oneOf('shape', values.shape, ['pipeline', 'bridge'] as const) ?? 'pipeline',
  port: toInteger('port', values.port),
  stepDelayMs: toInteger('step-delay-ms', values['step-delay-ms']),
  bugs,
  auth: {
    secret: values.secret,
    issuer: values.issuer,
    requireTokenType: values['require-token-type'],
    level: oneOf('level', values.level, ['strict', 'relaxed'] as const),
    demoMode: values['demo-mode'],
    subprotocol: oneOf('subprotocol', values.subprotocol, ['echo-jwt', 'jwt-auth'] as const),
  },
});
process.stdout.write(
  `netra-like backend (${values.shape}) on ${backend.wsUrl}\nhealth: ${backend.httpUrl}/health\nsecret: ${backend.secret}\n`,
);
if (bugs.length > 0) process.stdout.write(`bugs: ${bugs.join(', ')}\n`);
const stop = (): void => {
  void backend.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
