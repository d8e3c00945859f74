import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { GoldenPathRules } from '../../contracts/index.ts';
import { checkHistoryFile } from '../checks/checkHistory.ts';
import type { CheckOptions, CheckResult } from '../checks/CheckOptions.ts';
import { ExitCode } from '../common/exitCodes.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { log } from '../common/log.ts';
import { formatFindings } from '../report/formatFindings.ts';
import type { OptionValues } from '../config/optionTable.ts';
import { addOptions, optionValues } from './addOptions.ts';

export interface CheckCommandFlags extends Pick<OptionValues, 'unknownEvents' | 'contract'> {
  rules?: string;
  json?: boolean;
}

/** Rules from a JSON file, or inline JSON when the value starts with "{". */
async function loadRules(value: string): Promise<GoldenPathRules> {
  let text = value;
  if (!value.trimStart().startsWith('{')) {
    try {
      text = await readFile(value, 'utf8');
    } catch (error) {
      throw new UsageError(
        'GOLDPATH_RULES_UNREADABLE',
        `Cannot read the rules file ${value} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Is the path right?`,
      );
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError('GOLDPATH_RULES_INVALID', `--rules ${value} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = GoldenPathRules.safeParse(json);
  if (!parsed.success)
    throw new UsageError(
      'GOLDPATH_RULES_INVALID',
      `--rules ${value} are not golden-path rules:\n${z.prettifyError(parsed.error)}`,
    );
  return parsed.data;
}

function statsLine(result: CheckResult): string {
  const s = result.stats;
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const others = result.findings.length - errors;
  return (
    `checked ${s.frames} frames: ${s.users} users, ${s.connections} connections, ${s.requests} requests, ` +
    `${s.runs} runs (${s.runsCompleted} completed), ${s.events} events; ${errors} findings${others > 0 ? `, ${others} warnings` : ''}`
  );
}

/** One line when the recording did not end cleanly: what it could not show. */
export function recordingLine(result: CheckResult): string | undefined {
  const r = result.recording;
  if (r === undefined || r.ended === 'closed') return undefined;
  const how =
    r.ended === 'interrupted'
      ? 'the recording was interrupted by a stop signal'
      : 'the recording stopped early (no end record: the recorder was killed or the file was cut)';
  const open =
    r.runsNotObserved + r.requestsNotObserved === 0
      ? 'no run was open at that point'
      : `${r.runsNotObserved} run${r.runsNotObserved === 1 ? '' : 's'} and ${r.requestsNotObserved} request${r.requestsNotObserved === 1 ? '' : 's'} still open then were not observed to the end and are not counted as findings`;
  return `${how} after ${r.records} records; ${open}; findings cover only what was observed`;
}

/**
 * `goldpath check <history.jsonl>`: re-checks a saved history with the current contracts and rules.
 * Exit 0 clean (warnings allowed), 1 findings of severity error, 2 unreadable or invalid history or flags.
 */
export async function runCheck(historyPath: string, flags: CheckCommandFlags): Promise<number> {
  const options: CheckOptions = {};
  if (flags.rules !== undefined) options.rules = await loadRules(flags.rules);
  if (flags.unknownEvents !== undefined) options.unknownEvents = flags.unknownEvents;
  if (flags.contract !== undefined) options.contract = flags.contract;
  const result = await checkHistoryFile(historyPath, { ...options, onWarning: (message) => log(message, 'warn') });
  const empty = result.stats.frames === 0;
  const failed = empty || result.findings.some((f) => f.severity === 'error');
  if (flags.json === true) {
    // machine-readable output must be exactly one JSON document, so it bypasses log()'s prefix
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const text = formatFindings(result.findings, {
      color: process.stdout.isTTY === true,
      ...(result.header.scenario !== undefined && { scenario: result.header.scenario }),
    });
    if (text !== '') for (const line of text.trimEnd().split('\n')) log(line, failed ? 'error' : 'info');
    log(statsLine(result));
    const stopped = recordingLine(result);
    if (stopped !== undefined) log(stopped, 'warn');
    if (empty)
      log(`nothing recorded: ${historyPath} holds no frame after its header, so there is nothing to check`, 'error');
    log(failed ? `FAIL ${historyPath}` : `PASS ${historyPath}`);
  }
  return failed ? ExitCode.Findings : ExitCode.Pass;
}

/** `goldpath check <history.jsonl> [--rules <json>] [--unknown-events ignore|warn|error] [--json]` */
export function registerCheckCommand(program: Command): void {
  const command = program
    .command('check')
    .description('Re-check a saved history (history.jsonl) against the current contracts and golden-path rules.')
    .argument('<history>', 'a history.jsonl written by the recorder');
  addOptions(command, 'check')
    .option('--rules <json>', 'golden-path rules: a JSON file, or inline JSON (default: the built-in rules)')
    .option('--json', 'print the full result (findings, stats, latency, shapes) as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ goldpath check reports/nightly/golden-path/history.jsonl\n' +
        '  $ goldpath check history.jsonl --unknown-events error\n' +
        '  $ goldpath check history.jsonl --rules contracts/rules-v2.json --json > result.json\n' +
        '\nExit codes: 0 no findings (warnings allowed), 1 findings or nothing recorded, 2 unreadable or invalid history (the line and the reason are printed).',
    )
    .action(async (history: string, flags: Record<string, unknown>) => {
      process.exitCode = await runCheck(history, {
        ...optionValues(flags, 'check'),
        ...(typeof flags.rules === 'string' && { rules: flags.rules }),
        ...(flags.json === true && { json: true }),
      });
    });
}
