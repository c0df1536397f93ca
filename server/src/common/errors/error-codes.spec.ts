/**
 * The README's "Error codes" section lists every code of every module's catalogue
 * (`server/src/**\/*.errors.ts`) with the status the HTTP filter gives it, and no other; a code
 * means one thing in one module only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { STATUS_OF_KIND, TRANSPORT_CODES } from '../error.filter';
import { repoRoot } from '../repo-root';
import type { ErrorCode } from './domain-exception';

const serverSource = join(repoRoot(), 'server', 'src');

function errorFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return errorFiles(path);
    return entry.name.endsWith('.errors.ts') ? [path] : [];
  });
}

interface CatalogueEntry extends ErrorCode {
  module: string;
}

async function catalogue(): Promise<CatalogueEntry[]> {
  const entries: CatalogueEntry[] = [];
  for (const file of errorFiles(serverSource).sort()) {
    const module = relative(serverSource, file).replace(/\/[^/]+$/, '');
    const exported: Record<string, unknown> = await import(file);
    for (const [name, value] of Object.entries(exported)) {
      if (!name.endsWith('_ERRORS')) continue;
      for (const code of Object.values(value as Record<string, ErrorCode>)) {
        entries.push({ ...code, module });
      }
    }
  }
  return entries;
}

/** The table rows of the README section `heading`, as cells. */
function readmeRows(heading: string): string[][] {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

describe('error codes', () => {
  it('are each defined once', async () => {
    const codes = (await catalogue()).map((entry) => entry.code);
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((code, index) => codes.indexOf(code) !== index)).toEqual([]);
  });

  it('are listed in the README with their status and meaning, and no others', async () => {
    const expected = (await catalogue()).map((entry) => [
      `\`${entry.code}\``,
      String(STATUS_OF_KIND[entry.kind]),
      `\`${entry.module}\``,
      entry.meaning,
    ]);
    const listed = readmeRows('Error codes').filter((row) => row.length === 4);
    expect(listed).toEqual(expected);
  });

  it('the README also lists the codes the HTTP layer gives to errors outside the domain', () => {
    const listed = readmeRows('Error codes')
      .filter((row) => row.length === 3)
      .map(([code, status]) => [code, status]);
    const expected = [
      ['`VALIDATION_FAILED`', '400'],
      ...Object.entries(TRANSPORT_CODES).map(([status, code]) => [`\`${code}\``, status]),
      ['`INTERNAL_ERROR`', '500'],
    ];
    expect(listed).toEqual(expected);
  });
});
