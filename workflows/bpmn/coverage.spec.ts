/**
 * docs/bpmn-coverage.md against what compiles: every capability has a supported row, every
 * supported row is a capability and names test files that exist, and no refused row names
 * something the compiler accepts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { xmlName } from './bpmn-element';
import { BPMN_CAPABILITIES } from './capabilities';

const root = join(__dirname, '../..');
const document = readFileSync(join(root, 'docs/bpmn-coverage.md'), 'utf8');

interface Row {
  element: string;
  /** `bpmn:type` or `bpmn:type + bpmn:eventDefinition`, as the XML writes them. */
  bpmn: string;
  supported: string;
  tests: string[];
}

const rows: Row[] = document
  .split('\n')
  .filter(
    (line) => line.startsWith('| ') && !line.startsWith('| Element') && !line.startsWith('| ---'),
  )
  .map((line) => {
    const [element, bpmn, supported, , tests] = line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim());
    const names = [...bpmn.matchAll(/`(bpmn:\w+)`/g)].map((match) => match[1]);
    return {
      element,
      bpmn: names.join(' + '),
      supported,
      tests: [...tests.matchAll(/`([^`]+)`/g)].map((match) => match[1]),
    };
  });

const capabilityKeys = [
  ...BPMN_CAPABILITIES.elements.map(({ type, eventDefinitionType }) =>
    [xmlName(type), ...(eventDefinitionType ? [xmlName(eventDefinitionType)] : [])].join(' + '),
  ),
  ...BPMN_CAPABILITIES.loopCharacteristics.map(xmlName),
];
const runs = (row: Row) => row.supported === 'yes' || row.supported === 'partial';

describe('docs/bpmn-coverage.md', () => {
  it('has rows that say yes, partial or no', () => {
    expect(rows.length).toBeGreaterThan(30);
    expect(rows.filter((row) => !['yes', 'partial', 'no'].includes(row.supported))).toEqual([]);
  });

  it('lists every element the compiler accepts as supported', () => {
    const supported = new Set(rows.filter(runs).map((row) => row.bpmn));
    expect(capabilityKeys.filter((key) => !supported.has(key))).toEqual([]);
  });

  it('marks as supported only what the compiler accepts, each with test files that exist', () => {
    for (const row of rows.filter(runs)) {
      expect([row.element, capabilityKeys.includes(row.bpmn)]).toEqual([row.element, true]);
      expect([row.element, row.tests.length > 0]).toEqual([row.element, true]);
      for (const test of row.tests)
        expect([test, existsSync(join(root, test))]).toEqual([test, true]);
    }
  });

  it('marks as refused nothing the compiler accepts, but for refused variants of a supported element', () => {
    const supported = new Set(rows.filter(runs).map((row) => row.bpmn));
    const refusedButAccepted = rows.filter(
      (row) =>
        row.supported === 'no' && capabilityKeys.includes(row.bpmn) && !supported.has(row.bpmn),
    );
    expect(refusedButAccepted).toEqual([]);
  });
});
