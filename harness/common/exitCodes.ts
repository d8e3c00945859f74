/** goldpath's documented exit codes. */
export const ExitCode = {
  /** every check passed (or the verdict is PASS) */
  Pass: 0,
  /** findings, a failed scenario, or a REGRESSED / BROKEN verdict */
  Findings: 1,
  /** a wrong flag, config key or input file */
  Usage: 2,
  /** the target could not be reached or started, or no container engine */
  Infrastructure: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
