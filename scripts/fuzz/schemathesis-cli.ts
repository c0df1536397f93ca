/**
 * The schemathesis CLI the contract fuzzer runs: SCHEMATHESIS_PATH when set, else one installed
 * with pip into a virtual environment under `.data/` on first use. A virtual environment works
 * alike on a machine whose system Python refuses `pip install` (PEP 668) and as root.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DATA_DIR } from '#scripts/lib/infra';

/** Major version 4: its CLI flags and its JSON report are what the fuzzer reads. */
const REQUIREMENT = 'schemathesis>=4.32,<5';
const VENV_DIR = join(LOCAL_DATA_DIR, 'schemathesis');

export function schemathesisCli(log: (line: string) => void): string {
  const configured = process.env.SCHEMATHESIS_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`SCHEMATHESIS_PATH=${configured} does not exist`);
    return configured;
  }
  const cli = join(VENV_DIR, 'bin', 'schemathesis');
  if (existsSync(cli)) return cli;
  log(`Installing schemathesis into ${VENV_DIR} (python3 -m venv, pip install) ...`);
  try {
    execFileSync('python3', ['-m', 'venv', VENV_DIR], { stdio: 'inherit' });
  } catch (error) {
    throw new Error(
      'python3 -m venv failed: install Python 3 with its venv module (Debian: apt-get install ' +
        'python3-venv), or set SCHEMATHESIS_PATH to a schemathesis 4 CLI',
      { cause: error },
    );
  }
  execFileSync(join(VENV_DIR, 'bin', 'pip'), ['install', '--quiet', REQUIREMENT], {
    stdio: 'inherit',
  });
  return cli;
}
