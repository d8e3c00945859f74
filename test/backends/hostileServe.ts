import { startHostileBackend, type HostileMode } from './hostileBackend.ts';

// `tsx test/backends/hostileServe.ts <mode>`: a hostile backend in a process of its own; prints its ws URL, stops on SIGTERM.
const backend = await startHostileBackend({ mode: (process.argv[2] ?? 'polite') as HostileMode });
process.stdout.write(`${backend.wsUrl}\n`);
process.on('SIGTERM', () => void backend.close().then(() => process.exit(0)));
