// goldpath's layer rules, the one place they are written down. docs/architecture.md lists the same rules (names and
// comments); test/layers/layerRules.test.ts fails when the two differ. `npm run layers` checks the tree against them.

/** Tests, their helpers (`testing/` folders, `*.testkit.ts`) and the test backends: they may reach across rooms. */
const TEST = '(\\.test\\.ts|\\.testkit\\.ts)$|/testing/|^test/';
/** Every module of ours (not node_modules, not Node's own). */
const OURS = '^(contracts|harness|reference|scenarios|bench|bin|test|docker|lint)/|^[^/]+\\.(ts|mjs|cjs|js)$';
/** The rooms that are pure functions of a history, a summary or a baseline. */
const PURE = '^harness/(checks|baseline|report)/';
/** The parts of harness/common that do no I/O: an error class and the exit codes. */
const PURE_COMMON = '^harness/common/(GoldpathError|exitCodes)\\.ts$';
/** Sockets, processes, browsers, containers, the command line, tokens. */
const SOCKETS_AND_PROCESSES = {
  core: '^(net|http|https|http2|tls|dgram|child_process|cluster)$',
  npm: '^node_modules/(ws|@playwright/test|playwright|playwright-core|testcontainers|commander|jose|msw|tsx)/',
};

/**
 * Where the code starts: the package entries (package.json "exports" and "bin"), the CLI that bin/ starts by path,
 * modules Playwright or a worker loads by path, scenarios, benches, scripts, Docker entries and the root config files.
 */
const ENTRY_POINTS = [
  '^(contracts|harness|reference)/index\\.ts$',
  '^harness/msw/index\\.ts$',
  '^harness/cli/main\\.ts$',
  '/GoldpathReporter\\.ts$',
  '^harness/imports/scanWorker\\.mjs$',
  '^harness/checks/checkWorker\\.ts$',
  '^reference/cli/(runReference|signToken)\\.ts$',
  '/scripts/',
  '^(scenarios|bench|bin|docker|lint)/',
  '^[^/]+\\.(ts|mjs|cjs|js)$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module reaches itself through its imports (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contracts-import-nothing-of-ours',
      comment: 'contracts/ (schemas, formats, rules as data) imports nothing of ours outside contracts/.',
      severity: 'error',
      from: { path: '^contracts/' },
      to: { path: OURS, pathNot: '^contracts/' },
    },
    {
      name: 'common-imports-only-contracts',
      comment:
        'harness/common (errors, exit codes, log, waitFor) is the floor of harness/: it imports only contracts/.',
      severity: 'error',
      from: { path: '^harness/common/', pathNot: TEST },
      to: { path: OURS, pathNot: ['^harness/common/', '^contracts/'] },
    },
    {
      name: 'pure-rooms-import-only-contracts',
      comment:
        'harness/checks, harness/baseline and harness/report import only contracts/, their own folder and the error class and exit codes of harness/common: no config, no runner, no log.',
      severity: 'error',
      from: { path: PURE, pathNot: TEST },
      to: { path: OURS, pathNot: ['^harness/$1/', '^contracts/', PURE_COMMON] },
    },
    {
      name: 'pure-rooms-use-no-sockets-or-processes',
      comment:
        'harness/checks, harness/baseline and harness/report use no sockets, processes, browsers, containers, command line or tokens.',
      severity: 'error',
      from: { path: PURE, pathNot: TEST },
      to: { path: [SOCKETS_AND_PROCESSES.core, SOCKETS_AND_PROCESSES.npm] },
    },
    {
      name: 'only-runner-cli-targets-start-processes',
      comment:
        'Only harness/runner, harness/cli and harness/targets know Playwright, child processes and containers (in contracts/ and harness/).',
      severity: 'error',
      from: { path: '^(contracts|harness)/', pathNot: ['^harness/(runner|cli|targets)/', TEST] },
      to: {
        path: ['^child_process$', '^node_modules/(@playwright/test|playwright|playwright-core|testcontainers)/'],
      },
    },
    {
      name: 'client-and-recorder-know-no-config-or-runner',
      comment:
        'harness/client and harness/recorder (the simulated user and its recorder, also used by goldpath/msw) import only contracts/, harness/common and, for the client, the recorder.',
      severity: 'error',
      from: { path: '^harness/(client|recorder)/', pathNot: TEST },
      to: { path: OURS, pathNot: ['^harness/$1/', '^contracts/', '^harness/common/', '^harness/recorder/'] },
    },
    {
      name: 'msw-imports-no-runner-targets-or-config',
      comment:
        'harness/msw (goldpath/msw, which runs in a frontend test beside msw) imports no harness/runner, harness/targets, harness/config or harness/cli: nothing that starts processes or containers.',
      severity: 'error',
      from: { path: '^harness/msw/', pathNot: TEST },
      to: { path: '^harness/(runner|targets|config|cli)/' },
    },
    {
      name: 'reference-imports-only-contracts',
      comment: 'reference/ (the reference backend) never imports harness/: only contracts/ and its own folder.',
      severity: 'error',
      from: { path: '^reference/' },
      to: { path: OURS, pathNot: ['^reference/', '^contracts/'] },
    },
    {
      name: 'test-backends-import-nothing-of-ours',
      comment:
        'test/backends (the independent backends) import nothing of ours outside test/backends: they stand for backends we did not write.',
      severity: 'error',
      from: { path: '^test/backends/' },
      to: { path: OURS, pathNot: '^test/backends/' },
    },
    {
      name: 'code-never-imports-tests',
      comment:
        'Code that ships (contracts/, harness/, reference/, scenarios/, bin/, the root configs) never imports a test, a testing/ helper, a *.testkit.ts or test/; bench/ may.',
      severity: 'error',
      from: { path: OURS, pathNot: [TEST, '^bench/'] },
      to: { path: TEST },
    },
    {
      name: 'only-the-top-imports-the-runner',
      comment:
        'Inside harness/, only harness/cli, harness/selftest and the package entry harness/index.ts import harness/runner.',
      severity: 'error',
      from: { path: '^harness/', pathNot: ['^harness/(runner|cli|selftest)/', '^harness/index\\.ts$', TEST] },
      to: { path: '^harness/runner/' },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'harness/cli is the top: nothing outside it imports it (bin/ starts it by path).',
      severity: 'error',
      from: { path: OURS, pathNot: ['^harness/cli/', TEST] },
      to: { path: '^harness/cli/' },
    },
    {
      name: 'no-unreachable-modules',
      comment:
        'Every module that is not a test is reached from an entry point: a package entry, the CLI, a scenario, a bench, a script, a config file, or a module loaded by path (ENTRY_POINTS).',
      severity: 'error',
      from: { path: ENTRY_POINTS },
      to: { path: OURS, pathNot: [TEST, ...ENTRY_POINTS], reachable: false },
    },
  ],
  options: {
    // TypeScript 7 has no compiler API; swc parses TypeScript, `import type` included (see lint/patchSwcVisitor.cjs).
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    // a node_modules linked into a copy of the tree (test/layers) still resolves to node_modules/...
    preserveSymlinks: true,
    exclude: {
      path: '^(dist|reports|test-results|playwright-report|\\.tmp)/',
    },
    enhancedResolveOptions: {
      extensions: ['.ts', '.mjs', '.js', '.cjs', '.json'],
      conditionNames: ['import', 'require', 'node', 'default'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
