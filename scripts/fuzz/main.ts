/**
 * `npm run test:fuzz`: the API contract checked by schemathesis. Boots Flowcard as the tests do
 * (a throwaway Postgres and Temporal dev server, the API and a worker in this process, the demo
 * data), signs in as each role and runs `schemathesis run` against the served OpenAPI document
 * for every operation with every check. Prints one line per role and exits non-zero on any
 * failure, error or server error, or when an operation of the document went untested.
 *
 * Options: --max-examples N (per operation and phase, 10), --seed S (fixed, so a run repeats),
 * --roles admin,manager (all four by default), --parallel P (roles fuzzed at once, 2).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DATA_DIR } from '#scripts/lib/infra';
import { startFlowcard } from '#scripts/lib/in-process';
import { startThrowawayServices } from '#scripts/lib/throwaway';
import { repoRoot } from '#server/common/repo-root';
import { schemathesisCli } from './schemathesis-cli';

/** Every role of the seed, each as one of its demo users (their emails name them). */
const ROLES = ['admin', 'supervisor', 'manager', 'analyst'] as const;
type Role = (typeof ROLES)[number];

const HOOKS_FILE = join(repoRoot(), 'scripts/fuzz/hooks.py');
const REPORT_DIR = join(LOCAL_DATA_DIR, 'fuzz');

interface RoleRun {
  role: Role;
  /** Operations tested, of those the served document has. */
  operations: number;
  documented: number;
  requests: number;
  serverErrors: number;
  failures: { title: string; count: number; operations: string[] }[];
  errors: { title: string; count: number }[];
  exitCode: number;
  seconds: number;
  outputFile: string;
}

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

function selectedRoles(): Role[] {
  const wanted = option('roles', ROLES.join(',')).split(',');
  const unknown = wanted.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) throw new Error(`unknown roles: ${unknown.join(', ')}`);
  return wanted as Role[];
}

/**
 * Runs the CLI to its end in `dir`, its output into `dir/output.txt`; resolves with its exit
 * code. The CLI keeps a cache of past failures in its working folder and replays them: each run
 * starts from an empty folder so that it depends on the seed only.
 */
function runCli(cli: string, args: string[], dir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const output = createWriteStream(join(dir, 'output.txt'));
    const child = spawn(cli, args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NO_COLOR: '1',
        SCHEMATHESIS_TELEMETRY: 'false',
        SCHEMATHESIS_HOOKS: HOOKS_FILE,
      },
    });
    child.stdout.pipe(output, { end: false });
    child.stderr.pipe(output, { end: false });
    child.once('error', reject);
    child.once('close', (code) => output.end(() => resolve(code ?? 1)));
  });
}

interface JsonReport {
  operations: { total: number; tested: number } | null;
  failures: { title: string; count: number; operations: string[] }[];
  errors: { title: string; count: number }[];
}

interface Har {
  log: { entries: { response: { status: number } }[] };
}

async function fuzzAs(
  cli: string,
  role: Role,
  token: string,
  schemaUrl: string,
  settings: { maxExamples: string; seed: string },
): Promise<RoleRun> {
  const dir = join(REPORT_DIR, role);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const exitCode = await runCli(
    cli,
    [
      'run',
      schemaUrl,
      '--checks',
      'all',
      // Replaced by hooks.py's narrower check; why there.
      '--exclude-checks',
      'positive_data_acceptance',
      '--max-examples',
      settings.maxExamples,
      '--seed',
      settings.seed,
      '--header',
      `Authorization: Bearer ${token}`,
      '--report-json-path',
      join(dir, 'report.json'),
      '--report-har-path',
      join(dir, 'network.har'),
      '--generation-database',
      'none',
      '--no-color',
    ],
    dir,
  );
  const seconds = (Date.now() - started) / 1000;
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as JsonReport;
  const har = JSON.parse(readFileSync(join(dir, 'network.har'), 'utf8')) as Har;
  const statuses = har.log.entries.map((entry) => entry.response.status);
  return {
    role,
    operations: report.operations?.tested ?? 0,
    documented: report.operations?.total ?? 0,
    requests: statuses.length,
    serverErrors: statuses.filter((status) => status >= 500).length,
    failures: report.failures,
    errors: report.errors,
    exitCode,
    seconds,
    outputFile: join(dir, 'output.txt'),
  };
}

const sum = (groups: { count: number }[]) =>
  groups.reduce((total, group) => total + group.count, 0);

function printSummary(runs: RoleRun[]) {
  console.log('\nAPI contract fuzzing (schemathesis, every check, every operation):');
  console.log('role        operations  requests  server errors  failures  errors  seconds');
  for (const run of runs) {
    const failures = sum(run.failures);
    const errors = sum(run.errors);
    console.log(
      [
        run.role.padEnd(10),
        `${run.operations}/${run.documented}`.padStart(10),
        String(run.requests).padStart(9),
        String(run.serverErrors).padStart(14),
        String(failures).padStart(9),
        String(errors).padStart(7),
        run.seconds.toFixed(0).padStart(8),
      ].join('  '),
    );
    for (const failure of run.failures) {
      console.log(`  ${failure.title} (${failure.count}): ${failure.operations.join(', ')}`);
    }
    for (const error of run.errors) console.log(`  error: ${error.title} (${error.count})`);
    if (!coveredEveryOperation(run)) {
      console.log(`  only ${run.operations} of the ${run.documented} operations were tested`);
    }
    if (run.exitCode !== 0) console.log(`  details: ${run.outputFile}`);
  }
  const total = (pick: (run: RoleRun) => number) => runs.reduce((sum, run) => sum + pick(run), 0);
  console.log(
    `fuzz: ${total((run) => run.requests)} requests, ` +
      `${total((run) => run.serverErrors)} server errors, ` +
      `${total((run) => sum(run.failures))} failures, ${total((run) => sum(run.errors))} errors`,
  );
}

const coveredEveryOperation = (run: RoleRun) =>
  run.documented > 0 && run.operations === run.documented;

/** Runs `work` for every item, at most `parallel` at once; the results in the items' order. */
async function inParallel<T, R>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, lane));
  return results;
}

async function main() {
  const roles = selectedRoles();
  const settings = { maxExamples: option('max-examples', '10'), seed: option('seed', '7') };
  const parallel = Number(option('parallel', '2'));
  if (!Number.isInteger(parallel) || parallel < 1) throw new Error('--parallel takes a count');
  const cli = schemathesisCli(console.log);
  console.log('Starting a throwaway Postgres, Temporal and Flowcard ...');
  const services = await startThrowawayServices('fuzz');
  const flowcard = await startFlowcard({ workflowBundlePath: await services.workflowBundle() });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log('\nStopping the fuzzer ...');
      void flowcard
        .stop()
        .then(() => services.stop())
        .finally(() => process.exit(130));
    });
  }
  try {
    const people = await flowcard.demoPeople();
    const schemaUrl = `${flowcard.baseUrl}/api/docs-json`;
    // A schemathesis run spends about half its time generating cases in Python and half
    // waiting for the API (the response times in its HAR): two roles at once keep both cores
    // busy. Each run still sends the cases its seed generates, as it would alone.
    const runs = await inParallel(roles, parallel, (role) => {
      console.log(`Fuzzing as ${role}@demo.local ...`);
      return fuzzAs(cli, role, people.tokens[role], schemaUrl, settings);
    });
    printSummary(runs);
    const failed = runs.some(
      (run) =>
        run.exitCode !== 0 ||
        run.serverErrors > 0 ||
        run.failures.length > 0 ||
        run.errors.length > 0 ||
        !coveredEveryOperation(run),
    );
    if (failed) {
      // Stopping the services below may end the process with code 0 (a library's exit hook);
      // the code is set again in the last exit listener, which wins.
      process.exitCode = 1;
      process.once('exit', () => {
        process.exitCode = 1;
      });
    }
  } finally {
    await flowcard.stop();
    await services.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
