// The entry point of `npm start`, `npm run start:cluster`, `npm test`, `npm run test:fuzz`,
// `npm run test:faults`, `npm run test:cluster`, `npm run record:histories`, `npm run bench`,
// `npm run seed`, `npm run bench:crm` and `npm run bench:ui`. Plain JavaScript because it runs
// before dependencies exist: it installs them when missing or stale, then hands over.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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

/** Runs jest and closes with a plain `tests: N passed, N failed` line that any CI can read. */
function runTests() {
  const results = join(root, '.data/jest-results.json');
  mkdirSync(dirname(results), { recursive: true });
  rmSync(results, { force: true });
  const jest = spawnSync(
    'npx',
    // One jest worker unless FLOWCARD_TEST_WORKERS says more: each worker has its own database
    // and task queue (test/global-setup.ts), but on two busy cores the timing-sensitive files
    // (long-lived, load, the supervisor's back-off) failed with two workers.
    [
      'jest',
      `--maxWorkers=${process.env.FLOWCARD_TEST_WORKERS ?? 1}`,
      '--json',
      `--outputFile=${results}`,
      ...rest,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: process.env,
    },
  );
  if (existsSync(results)) {
    const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(
      readFileSync(results, 'utf8'),
    );
    console.log(
      `tests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped`,
    );
  }
  process.exit(jest.status ?? 1);
}

ensureDependencies();
switch (command) {
  case 'start':
    run('npm', ['run', 'build']);
    ensureLocalJwtSecret();
    handOver('node', ['dist/scripts/start.js', ...rest]);
    break;
  case 'start-cluster':
    run('npm', ['run', 'build']);
    ensureLocalJwtSecret();
    handOver('node', ['dist/scripts/start-cluster.js', ...rest]);
    break;
  case 'test-cluster':
    run('npm', ['run', 'build']);
    handOver('node', ['dist/scripts/test-cluster.js', ...rest]);
    break;
  case 'bench':
    run('npm', ['run', 'build']);
    handOver('node', ['dist/bench/run.js', ...rest]);
    break;
  case 'seed':
    run('npm', ['run', 'build']);
    handOver('node', ['dist/scripts/seed-volume/main.js', ...rest]);
    break;
  case 'faults':
    run('npm', ['run', 'build']);
    handOver('node', ['dist/scripts/faults/main.js', ...rest]);
    break;
  case 'bench-crm':
    run('npm', ['run', 'build']);
    handOver('node', ['dist/bench/crm.js', ...rest]);
    break;
  case 'bench-ui':
    run('npm', ['run', 'build']);
    handOver('node', ['dist/bench/ui.js', ...rest]);
    break;
  case 'test-fuzz':
    run('npm', ['run', 'build']);
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
  case 'test':
    run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    run('npx', ['tsc', '--noEmit', '-p', 'designer/tsconfig.json']);
    run('npx', ['eslint', '.']);
    run('npx', ['prettier', '--check', '.']);
    runTests();
    break;
  default:
    console.error(
      'usage: node scripts/bootstrap.mjs start|start-cluster|test|test-fuzz|faults|test-cluster|bench|seed|bench-crm|bench-ui|record-histories',
    );
    process.exit(2);
}
