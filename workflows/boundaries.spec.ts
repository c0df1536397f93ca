/**
 * The one-way dependency rules of eslint.config.mjs, checked through ESLint's own API against
 * the real configuration. ESLint loads its flat config with a dynamic `import()`, which jest's
 * module sandbox refuses, so the linting runs in a plain Node process beside the test.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

interface LintCase {
  filePath: string;
  code: string;
}

const lintImports = `
  import { ESLint } from 'eslint';
  const eslint = new ESLint({ cwd: process.cwd() });
  const problems = [];
  for (const { filePath, code } of JSON.parse(process.argv[1])) {
    const [result] = await eslint.lintText(code, { filePath });
    problems.push(
      result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message),
    );
  }
  console.log(JSON.stringify(problems));
`;

/** The messages of the import rule for each case's code placed at its file path. */
function importProblems(cases: LintCase[]): string[][] {
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', lintImports, JSON.stringify(cases)],
    { cwd: join(__dirname, '..'), encoding: 'utf8' },
  );
  return JSON.parse(output);
}

const refusedServer: LintCase[] = [
  ['workflows/temporal/x.ts', "import { User } from '../../server/src/users/user.entity';"],
  ['workflows/temporal/x.ts', "import type { User } from '../../server/src/users/user.entity';"],
  ['workflows/engine/x.ts', "export { recordAudit } from '../../server/src/audit/audit';"],
  ['workflows/bpmn/x.ts', "import { loadConfig } from '#server/common/config';"],
  ['workflows/temporal/x.ts', "import { Injectable } from '@nestjs/common';"],
].map(([filePath, code]) => ({ filePath, code }));

const refusedRuntime: LintCase[] = [
  ['workflows/engine/x.ts', "import { sleep } from '@temporalio/workflow';"],
  ['workflows/engine/x.ts', "import type { Duration } from '@temporalio/common';"],
  ['workflows/engine/x.ts', "import { EntityManager } from 'typeorm';"],
  ['workflows/expressions/x.ts', "import { Pool } from 'pg';"],
  ['workflows/bpmn/x.ts', "import { DataSource } from 'typeorm/data-source';"],
  ['workflows/simulation/x.ts', "import { Client } from '@temporalio/client';"],
].map(([filePath, code]) => ({ filePath, code }));

const allowed: LintCase[] = [
  ['workflows/engine/x.ts', "import type { Effect } from './types';"],
  ['workflows/engine/x.ts', "import { evaluate } from 'feelin';"],
  ['workflows/temporal/x.ts', "import { sleep } from '@temporalio/workflow';"],
  ['workflows/temporal/x.ts', "import { advance } from '../engine/engine';"],
  ['server/src/processes/runtime/x.ts', "import { EntityManager } from 'typeorm';"],
  [
    'server/src/processes/runtime/x.ts',
    "import type { Effect } from '../../../../workflows/engine/types';",
  ],
].map(([filePath, code]) => ({ filePath, code }));

const cases = [...refusedServer, ...refusedRuntime, ...allowed];
let problems: Map<LintCase, string[]>;

beforeAll(() => {
  const found = importProblems(cases);
  problems = new Map(cases.map((lintCase, index) => [lintCase, found[index]]));
}, 60_000);

it.each(refusedServer)('refuses server code in $filePath: $code', (lintCase) => {
  expect(problems.get(lintCase)).toEqual([
    expect.stringMatching(/must not depend on (server\/|NestJS)/),
  ]);
});

it.each(refusedRuntime)('refuses Temporal and the database in $filePath: $code', (lintCase) => {
  expect(problems.get(lintCase)).toEqual([
    expect.stringMatching(/must not (depend on Temporal|touch the database)/),
  ]);
});

it.each(allowed)('allows $filePath: $code', (lintCase) => {
  expect(problems.get(lintCase)).toEqual([]);
});
