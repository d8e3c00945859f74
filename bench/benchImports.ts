/**
 * Speed of `goldpath imports` over a generated Python tree, against a same-run baseline: listing and reading the same
 * files without parsing them. Usage: npm run bench:imports -- [--files 5000]
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { log } from '../harness/common/log.ts';
import { matchesAnyGlob } from '../harness/imports/globToRegExp.ts';
import { listPythonFiles } from '../harness/imports/listPythonFiles.ts';
import { resolveCensusOptions } from '../harness/imports/resolveCensusOptions.ts';
import { PARALLEL_MIN_CHARS, runImportCensus } from '../harness/imports/runImportCensus.ts';

const { values } = parseArgs({ options: { files: { type: 'string', default: '5000' } } });
const FILES = Number(values.files);
const GOAL_S = 10;

const IMPORTS = [
  'from netra_backend.app.agents.supervisor.execution_engine_factory import (\n    ExecutionEngineFactory,\n    get_execution_engine_factory,\n)',
  'from netra_backend.app.core.managers.execution_engine_factory import ExecutionEngineFactory',
  'from netra_backend.app.agents.execution_engine_unified_factory import UnifiedExecutionEngineFactory',
  'from ..supervisor.execution_engine_factory import configure_execution_engine_factory',
];

/**
 * One module of about 120 lines: imports, a docstring, classes with methods. A module that `refers` to the factory
 * also imports it (one of the seed's paths), names the compat module in a docstring and imports it inside a function.
 */
function moduleText(i: number, refers: boolean): string {
  const lines = [
    `"""Module ${i}: handles part ${i % 97} of the request pipeline."""`,
    'from __future__ import annotations',
    '',
    'import asyncio',
    'import logging',
    'from typing import TYPE_CHECKING, Any, Optional',
    '',
  ];
  if (refers) lines.push(IMPORTS[i % IMPORTS.length]!);
  lines.push(
    'if TYPE_CHECKING:',
    '    from netra_backend.app.services.user_execution_context import UserExecutionContext',
    '',
    'logger = logging.getLogger(__name__)',
    '',
  );
  for (let c = 0; c < 3; c++) {
    lines.push(
      `class Handler${i}x${c}:`,
      refers
        ? `    """Handles ${c}; see netra_backend.app.core.managers.execution_engine_factory for history."""`
        : `    """Handles ${c}; see netra_backend.app.services.user_execution_context for history."""`,
      '',
      '    def __init__(self, context: Optional[Any] = None) -> None:',
      '        self.context = context',
      '        self.events: list[dict[str, Any]] = []',
      '',
    );
    for (let m = 0; m < 4; m++) {
      lines.push(
        `    async def step_${m}(self, payload: dict[str, Any]) -> dict[str, Any]:`,
        `        # step ${m}: validate, then forward`,
        '        if not payload:',
        `            raise ValueError("empty payload in step ${m}")`,
        `        result = {"step": ${m}, "user": payload.get("user_id"), "ok": True}`,
        '        self.events.append(result)',
        '        await asyncio.sleep(0)',
        '        return result',
        '',
      );
    }
  }
  if (refers)
    lines.push(
      'def build():',
      '    from netra_backend.app.agents.supervisor.execution_engine_factory import get_execution_engine_factory',
      '    return get_execution_engine_factory()',
      '',
    );
  else
    lines.push(
      'def build():',
      '    from netra_backend.app.services.user_execution_context import UserExecutionContext',
      '    return UserExecutionContext()',
      '',
    );
  return lines.join('\n');
}

/** Writes the tree; `share` of the files refer to the factory. Returns its size in bytes. */
async function generate(root: string, share: number): Promise<number> {
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    const file =
      i % 5 === 0
        ? `tests/area${i % 50}/test_module_${i}.py`
        : `netra_backend/app/area${i % 50}/sub${i % 7}/module_${i}.py`;
    const text = moduleText(i, (i * 7919) % 1000 < share * 1000);
    bytes += Buffer.byteLength(text);
    await mkdir(join(root, dirname(file)), { recursive: true });
    await writeFile(join(root, file), text);
  }
  return bytes;
}

/** Baseline then census over one tree; prints both and their ratio. */
async function measure(label: string, share: number): Promise<{ wall: number; cpu: number }> {
  const root = await mkdtemp(join(tmpdir(), 'goldpath-bench-imports-'));
  try {
    const bytes = await generate(root, share);
    const settings = resolveCensusOptions();
    const cpuSeconds = (since: NodeJS.CpuUsage): number => {
      const u = process.cpuUsage(since);
      return (u.user + u.system) / 1e6;
    };
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const listed = await listPythonFiles(root, matchesAnyGlob(settings.exclude));
    for (let i = 0; i < listed.length; i += 32)
      await Promise.all(listed.slice(i, i + 32).map((f) => readFile(join(root, f), 'utf8')));
    const baselineS = (performance.now() - t0) / 1000;
    const baselineCpu = cpuSeconds(c0);
    const c1 = process.cpuUsage();
    const t1 = performance.now();
    const single = await runImportCensus({ dir: root, settings, threads: 1 });
    const singleS = (performance.now() - t1) / 1000;
    const singleCpu = cpuSeconds(c1);
    const t2 = performance.now();
    const census = await runImportCensus({ dir: root, settings });
    const censusS = (performance.now() - t2) / 1000;
    if (JSON.stringify(single.categories) !== JSON.stringify(census.categories))
      throw new Error('the census on worker threads differs from the census on one thread');
    const counts = census.categories
      .map((c) => `${c.name} ${c.productionFiles.length}+${c.testFiles.length}`)
      .join(', ');
    log(
      `${label}: ${FILES} files, ${(bytes / 1e6).toFixed(1)} MB, ${census.files.parsed} parsed (${counts} production+test files)`,
    );
    log(
      `  baseline (list + read, no parse): ${baselineS.toFixed(2)} s, ${(listed.length / baselineS).toFixed(0)} files/s; CPU ${baselineCpu.toFixed(2)} s`,
    );
    log(
      `  census, one thread: ${singleS.toFixed(2)} s, ${(census.files.total / singleS).toFixed(0)} files/s; ratio ${(singleS / baselineS).toFixed(1)}x; CPU ${singleCpu.toFixed(2)} s (its time on an idle core), ratio ${(singleCpu / baselineCpu).toFixed(1)}x`,
    );
    const how =
      bytes * (census.files.parsed / census.files.total) >= PARALLEL_MIN_CHARS
        ? `on ${Math.min(availableParallelism(), 4)} worker threads`
        : `on one thread: less than ${PARALLEL_MIN_CHARS / 1e6} M characters to parse`;
    log(
      `  census, default (${how}): ${censusS.toFixed(2)} s, ${(census.files.total / censusS).toFixed(0)} files/s; ratio ${(censusS / baselineS).toFixed(1)}x`,
    );
    return { wall: censusS, cpu: singleCpu };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

log(
  `bench:imports on ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} (other processes share the cores: compare ratios, not seconds)`,
);
// a backend like the seed's: about one file in ten refers to the factory (184 files); then every file does
const typical = await measure('typical tree (10% of files refer to the factory)', 0.1);
const worst = await measure('worst case (every file refers to the factory, all parsed)', 1);
const verdict = (s: number): string => `${s.toFixed(2)} s ${s < GOAL_S ? 'met' : 'NOT met'}`;
log(
  `goal: ${FILES} files under ${GOAL_S} s: typical ${verdict(typical.wall)}; worst case ${verdict(worst.wall)} (one thread's CPU time, the wall time on an idle core: ${verdict(worst.cpu)})`,
);
