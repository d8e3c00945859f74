/** All console output of the harness goes through here, with one prefix. */
const PREFIX = 'goldpath';

export type LogLevel = 'info' | 'warn' | 'error';

let quiet = false;

export function setQuiet(value: boolean): void {
  quiet = value;
}

export function log(message: string, level: LogLevel = 'info'): void {
  const line = `${PREFIX}: ${message}\n`;
  if (level === 'info') {
    if (!quiet) process.stdout.write(line);
  } else {
    process.stderr.write(line);
  }
}
