/**
 * The compiler's exact output for every fixture, against compiler.golden.json: deployed
 * definitions store the compiled model, so a refactoring must not change it; see
 * workflows/test/golden.ts to update the file on purpose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoldenFile } from '../test/golden';
import { compileBpmn } from './compiler';

const fixtureDir = join(__dirname, 'fixtures');
const fixtures = readdirSync(fixtureDir).filter((file) => file.endsWith('.bpmn'));
const golden = new GoldenFile(join(__dirname, 'compiler.golden.json'));

describe('the compiler output, against compiler.golden.json', () => {
  afterAll(() => golden.save());

  it('holds no fixture that is gone', () => {
    expect(golden.names().filter((name) => !fixtures.includes(name))).toEqual([]);
  });

  it.each(fixtures)('%s', async (file) => {
    golden.check(file, await compileBpmn(readFileSync(join(fixtureDir, file), 'utf8')));
  });
});
