/** The files `goldpath init` writes into a team's project, by path relative to it. */
export interface InitFile {
  path: string;
  content: string;
}

const CONFIG = `import { defineConfig } from 'goldpath';

// goldpath's configuration. Every key is optional; flags of \`npx goldpath run\` override them (see --help).
export default defineConfig({
  // The backend under test: its WebSocket endpoint (local, staging, ...). \`--target ws://...\` or GOLDPATH_TARGET
  // replaces it for one run, e.g. in CI.
  target: { kind: 'url', wsUrl: 'ws://127.0.0.1:8000/ws' },

  // Simulated users sign HS256 test tokens with the backend's JWT secret, read from this environment variable.
  // Never write the secret itself here; reports and logs never contain it.
  auth: { kind: 'jwt', secretEnv: 'GOLDPATH_JWT_SECRET' },

  // What the backend offers beyond the protocol. A scenario that needs something not declared here is skipped with
  // the reason, never passed. Declare only what is true of your backend.
  capabilities: {
    // the events of a run carry its thread_id, so a follow-up can name the thread
    threadIds: false,
    // a run in progress goes on over the user's new socket after a reconnect
    resumeOnReconnect: false,
    // e.g. engineLimit: 2, errorCodes: { engineLimit: 'ENGINE_LIMIT_EXCEEDED' }, maxMessageBytes: 8192
  },

  // Deadlines of every run: no agent_completed within runDeadlineMs, or a silence longer than maxGapMs, is a finding.
  sla: { runDeadlineMs: 60_000, maxGapMs: 15_000, startSlaMs: 5_000 },

  // How much worse than the baseline a latency may get before \`goldpath validate\` calls it a regression:
  // by more than the baseline's noise AND by latencyRelative (0.5 = 50 %) AND by latencyAbsoluteMs.
  thresholds: { latencyRelative: 0.5, latencyAbsoluteMs: 25 },

  // Your own scenarios (*.spec.ts). They run after goldpath's built-in suite; \`--suite own\` runs only them.
  testDir: 'scenarios',
});
`;

const SCENARIO = `import { expect, test, withTools } from 'goldpath';

// One of your own scenarios: a Playwright Test spec using goldpath's fixtures. Every frame is recorded and checked
// (contract, order, isolation, latency) whatever the scenario asserts itself.
test('golden path: one user gets the five events of their run, in order', async ({ users, capabilities }) => {
  const [user] = await users.connect(1);
  const result = await user!.startAgent(withTools(capabilities, 'Summarise the Q3 revenue report', 1)).completed();
  expect(result.status).toBe('completed');
  expect(result.types[0]).toBe('agent_started');
  expect(result.types.at(-1)).toBe('agent_completed');
});
`;

const WORKFLOW = `# goldpath: golden-path and event-contract tests of the backend, on pull requests and every night.
name: goldpath

on:
  pull_request:
  schedule:
    - cron: '0 3 * * *'
  workflow_dispatch:

jobs:
  goldpath:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    strategy:
      fail-fast: false
      matrix:
        # one machine; to shard, list them all, e.g. [1/3, 2/3, 3/3] (the merge job joins the reports)
        shard: ['1/1']
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      # Start the backend here (e.g. docker compose up -d --wait), or point GOLDPATH_TARGET at staging.
      - name: goldpath run
        run: npx goldpath run --shard "\${{ matrix.shard }}" --out "reports/shard-\${{ strategy.job-index }}"
        env:
          GOLDPATH_TARGET: \${{ vars.GOLDPATH_TARGET }}
          GOLDPATH_JWT_SECRET: \${{ secrets.GOLDPATH_JWT_SECRET }}
      - name: JUnit to the job summary
        if: always()
        uses: mikepenz/action-junit-report@v5
        with:
          report_paths: reports/shard-*/junit.xml
          detailed_summary: true
      - name: goldpath summary
        if: always()
        run: cat reports/shard-*/summary.md >> "$GITHUB_STEP_SUMMARY" || true
      - name: HTML report
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: goldpath-shard-\${{ strategy.job-index }}
          path: reports/shard-\${{ strategy.job-index }}

  merge:
    # one report and one status for all shards (also for a single one)
    if: always()
    needs: goldpath
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - uses: actions/download-artifact@v4
        with:
          pattern: goldpath-shard-*
          path: reports
      - name: goldpath merge
        run: npx goldpath merge reports/goldpath-shard-* --out reports/merged
      - name: goldpath summary
        if: always()
        run: cat reports/merged/summary.md >> "$GITHUB_STEP_SUMMARY" || true
      - name: HTML report
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: goldpath-report
          path: reports/merged
`;

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noEmit": true,
    "skipLibCheck": true
  },
  "include": ["goldpath.config.ts", "scenarios"]
}
`;

/** What `goldpath init` writes (a tsconfig.json only where there is none: it is never replaced). */
export const INIT_FILES: readonly InitFile[] = [
  { path: 'goldpath.config.ts', content: CONFIG },
  { path: 'scenarios/golden-path.spec.ts', content: SCENARIO },
  { path: '.github/workflows/goldpath.yml', content: WORKFLOW },
];

export const INIT_TSCONFIG: InitFile = { path: 'tsconfig.json', content: TSCONFIG };

/** Lines `goldpath init` adds to .gitignore (those missing). */
export const INIT_IGNORE_LINES: readonly string[] = ['reports/'];
