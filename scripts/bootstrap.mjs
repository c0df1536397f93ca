// The entry point of `npm start`, `npm run start:cluster`, `npm test`, `npm run test:fuzz`,
// `npm run test:faults`, `npm run test:cluster`, `npm run record:histories`, `npm run bench`,
// `npm run seed`, `npm run bench:crm` and `npm run bench:ui`, and of `.ci/run`'s build (`build`:
// `npm run build` unless dist/ is up to date). Plain JavaScript because it runs before
// dependencies exist: it installs them when missing or stale, then hands over.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv[2];
const rest = process.argv.slice(3);

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function ensureDependencies() {
  const installed = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  // `npm install`, not `npm ci`: npm 11 leaves other platforms' optional binaries (swc's, for
  // one) out of the lock file and `npm ci` then refuses it. With a lock in sync, both install
  // the same versions.
  console.log('Installing dependencies (npm install) ...');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

/** What `npm run build` reads: the sources of dist/ and designer/dist, and their configuration. */
const BUILD_INPUTS = [
  'server',
  'workflows',
  'scripts',
  'bench',
  'migrations',
  'designer/src',
  'designer/public',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'designer/tsconfig.json',
];
/** Written after a build: the fingerprint of the inputs it was made from. */
const BUILD_STAMP = join(root, 'dist/.build-inputs');

/** A hash of the build inputs' paths and contents: any edit, addition or removal changes it. */
function buildInputsFingerprint() {
  const hash = createHash('sha256');
  const add = (path) => {
    const full = join(root, path);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) {
        if (entry !== 'node_modules' && entry !== 'dist') add(join(path, entry));
      }
      return;
    }
    hash.update(`${path}\0`).update(readFileSync(full)).update('\0');
  };
  for (const input of BUILD_INPUTS) add(input);
  return hash.digest('hex');
}

/**
 * `npm run build`, unless dist/ was built by this script from the same inputs. CI runs the
 * fault test, the fuzzer and the cluster test one after the other: they share one build.
 */
function build() {
  const fingerprint = buildInputsFingerprint();
  if (existsSync(BUILD_STAMP) && readFileSync(BUILD_STAMP, 'utf8') === fingerprint) {
    console.log('dist/ is up to date with the sources: not building again.');
    return;
  }
  run('npm', ['run', 'build']);
  writeFileSync(BUILD_STAMP, fingerprint);
}

/**
 * Runs the commands at once and prints each one's output, whole, once it ends; exits when one
 * failed. Each of the checks before the tests keeps one core busy: side by side they use both.
 */
async function runSideBySide(commands) {
  const codes = await Promise.all(
    commands.map(
      ([cmd, args]) =>
        new Promise((resolve) => {
          const child = spawn(cmd, args, {
            cwd: root,
            env: process.env,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          const output = [];
          const end = (code) => {
            process.stdout.write(Buffer.concat(output));
            output.length = 0;
            resolve(code ?? 1);
          };
          child.stdout.on('data', (chunk) => output.push(chunk));
          child.stderr.on('data', (chunk) => output.push(chunk));
          child.once('error', (error) => {
            output.push(Buffer.from(`${cmd}: ${error.message}\n`));
            end(1);
          });
          child.once('close', end);
        }),
    ),
  );
  const failed = codes.find((code) => code !== 0);
  if (failed !== undefined) process.exit(failed);
}

/** Runs a long-lived child and passes Ctrl-C on to it, so it can stop what it started. */
function handOver(cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * `npm start` listens on every interface: a well-known signing secret would let anyone on the
 * network forge an admin's token. Without JWT_SECRET it makes a random one once and keeps it in
 * .data/jwt-secret (readable by the owner only), so tokens survive a restart.
 */
function ensureLocalJwtSecret() {
  if (process.env.JWT_SECRET) return;
  const file = join(root, '.data/jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64'), { mode: 0o600 });
  }
  process.env.JWT_SECRET = readFileSync(file, 'utf8').trim();
}

/**
 * Test files that assert on durations (a restart back-off, an engine deadline, /health during a
 * burst, the bcrypt work of a refused login, a refusal "at once") or load both cores for a minute
 * (the 20,000-round loop, the bursts). They run after the others, one at a time, so that no file
 * booting in a parallel jest worker can starve them.
 */
const RUN_ALONE = [
  'scripts/lib/supervisor.it.test.ts',
  'server/src/auth/login-throttle.it.test.ts',
  'server/src/processes/engine-deadline.it.test.ts',
  'server/src/processes/variables.it.test.ts',
  'test/load.it.test.ts',
  'test/long-lived.e2e.test.ts',
];

/** One jest run; answers its exit code and counts (null when jest wrote no results). */
function jestRun(args, results) {
  rmSync(results, { force: true });
  const jest = spawnSync('npx', ['jest', '--json', `--outputFile=${results}`, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  const counts = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : null;
  return { status: jest.status ?? 1, counts };
}

/**
 * Runs jest and closes with a plain `tests: N passed, N failed` line that any CI can read. Two
 * jest workers (FLOWCARD_TEST_WORKERS), each with its own database and task queue
 * (test/global-setup.ts): most files wait on Temporal, Postgres and timers rather than compute,
 * so two at once finish sooner on two cores. The RUN_ALONE files follow in a run of their own.
 * Arguments after `npm test --` (file patterns, jest options) make it one run of what they select.
 */
function runTests() {
  const dataDir = join(root, '.data');
  mkdirSync(dataDir, { recursive: true });
  const workers = `--maxWorkers=${process.env.FLOWCARD_TEST_WORKERS ?? 2}`;
  const runs =
    rest.length > 0
      ? [jestRun([workers, ...rest], join(dataDir, 'jest-results.json'))]
      : [
          jestRun(
            [
              workers,
              '--testPathIgnorePatterns',
              '/node_modules/',
              '/dist/',
              ...RUN_ALONE.map((file) => `/${file.replaceAll('.', '\\.')}$`),
            ],
            join(dataDir, 'jest-results.json'),
          ),
          jestRun(
            ['--runInBand', '--runTestsByPath', ...RUN_ALONE],
            join(dataDir, 'jest-results-alone.json'),
          ),
        ];
  const total = (field) => runs.reduce((sum, { counts }) => sum + (counts?.[field] ?? 0), 0);
  console.log(
    `tests: ${total('numPassedTests')} passed, ${total('numFailedTests')} failed, ` +
      `${total('numPendingTests')} skipped`,
  );
  const failed = runs.find(({ status, counts }) => status !== 0 || counts === null);
  process.exit(failed ? failed.status || 1 : 0);
}

ensureDependencies();
switch (command) {
  case 'start':
    build();
    ensureLocalJwtSecret();
    handOver('node', ['dist/scripts/start.js', ...rest]);
    break;
  case 'start-cluster':
    build();
    ensureLocalJwtSecret();
    handOver('node', ['dist/scripts/start-cluster.js', ...rest]);
    break;
  case 'test-cluster':
    build();
    handOver('node', ['dist/scripts/test-cluster.js', ...rest]);
    break;
  case 'bench':
    build();
    handOver('node', ['dist/bench/run.js', ...rest]);
    break;
  case 'seed':
    build();
    handOver('node', ['dist/scripts/seed-volume/main.js', ...rest]);
    break;
  case 'faults':
    build();
    handOver('node', ['dist/scripts/faults/main.js', ...rest]);
    break;
  case 'bench-crm':
    build();
    handOver('node', ['dist/bench/crm.js', ...rest]);
    break;
  case 'bench-ui':
    build();
    handOver('node', ['dist/bench/ui.js', ...rest]);
    break;
  case 'test-fuzz':
    build();
    handOver('node', ['dist/scripts/fuzz/main.js', ...rest]);
    break;
  case 'record-histories':
    // The e2e files on a throwaway Temporal; the global teardown writes workflows/test/histories.
    process.env.FLOWCARD_RECORD_HISTORIES = '1';
    run('npx', [
      'jest',
      '--runInBand',
      '--runTestsByPath',
      ...readdirSync(join(root, 'test'))
        .filter((file) => file.endsWith('.e2e.test.ts'))
        .map((file) => `test/${file}`),
      ...rest,
    ]);
    break;
  case 'build':
    build();
    break;
  case 'test':
    await runSideBySide([
      ['npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
      ['npx', ['tsc', '--noEmit', '-p', 'designer/tsconfig.json']],
      ['npx', ['eslint', '.']],
      ['npx', ['prettier', '--check', '.']],
    ]);
    runTests();
    break;
  default:
    console.error(
      'usage: node scripts/bootstrap.mjs start|start-cluster|build|test|test-fuzz|faults|test-cluster|bench|seed|bench-crm|bench-ui|record-histories',
    );
    process.exit(2);
}
