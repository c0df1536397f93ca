import { toErrorBody } from '#server/common/error.filter';
import { DomainException } from '#server/common/errors/domain-exception';
import type { Client } from './client.entity';
import {
  clientsToCsv,
  CSV_COLUMNS,
  neutraliseFormula,
  parseClientsCsv,
  recordToClientFields,
  splitList,
} from './client-csv';

describe('parseClientsCsv', () => {
  it('reads records by header name in any column order, numbering rows like a spreadsheet', () => {
    const parsed = parseClientsCsv(
      '\ufeffName,KIND,tags\r\n"Acme, Inc.",company, vip ; b2b \r\n\r\nBob,person,\r\n',
    );
    expect(parsed).toEqual({
      total: 2,
      errors: [],
      records: [
        { row: 2, values: { name: 'Acme, Inc.', kind: 'company', tags: 'vip ; b2b' } },
        { row: 3, values: { name: 'Bob', kind: 'person', tags: '' } },
      ],
    });
  });

  it('reports a row with the wrong number of fields and keeps the others', () => {
    const parsed = parseClientsCsv('kind,name\ncompany\ncompany,Acme,extra\nperson,Bob');
    expect(parsed.total).toBe(3);
    expect(parsed.errors).toEqual([
      { row: 2, field: null, message: 'the row has 1 fields, the header has 2' },
      { row: 3, field: null, message: 'the row has 3 fields, the header has 2' },
    ]);
    expect(parsed.records).toEqual([{ row: 4, values: { kind: 'person', name: 'Bob' } }]);
  });

  it.each([
    ['kind,name,colour\n', /unknown column "colour"/],
    ['kind,name,name\n', /column "name" appears twice/],
    ['kind,emails\n', /column "name" is missing/],
    ['', /empty/],
    ['kind,name\n"open', /not valid CSV/],
  ])('refuses %j', (csv, message) => {
    let error: unknown;
    try {
      parseClientsCsv(csv);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainException);
    expect(toErrorBody(error)).toMatchObject({ statusCode: 400, code: 'CSV_INVALID' });
    expect((error as DomainException).message).toMatch(message);
  });
});

describe('recordToClientFields', () => {
  it('splits lists, leaves empty cells out and lower-cases the owner email', () => {
    expect(
      recordToClientFields({
        kind: 'person',
        name: 'Bob',
        emails: 'a@x.example; b@x.example;',
        phones: '',
        address: '',
        owner_email: 'Noah@Demo.Local',
      }),
    ).toEqual({
      fields: {
        kind: 'person',
        name: 'Bob',
        emails: ['a@x.example', 'b@x.example'],
        phones: [],
        address: undefined,
        source: undefined,
        tags: [],
        status: undefined,
      },
      ownerEmail: 'noah@demo.local',
    });
  });

  it('keeps a missing kind or name empty, for the validator to name', () => {
    expect(recordToClientFields({}).fields).toMatchObject({ kind: '', name: '' });
    expect(recordToClientFields({}).ownerEmail).toBeNull();
  });

  it('splitList drops blanks', () => {
    expect(splitList(' ; a ;;b ')).toEqual(['a', 'b']);
    expect(splitList(undefined)).toEqual([]);
  });
});

describe('clientsToCsv', () => {
  const client = (fields: Partial<Client>) =>
    ({
      kind: 'company',
      name: 'Acme',
      emails: [],
      phones: [],
      address: null,
      source: null,
      tags: [],
      status: 'lead',
      ownerId: null,
      ...fields,
    }) as Client;

  it('writes the import columns, quoting where CSV needs it, and reads back the same', () => {
    const csv = clientsToCsv(
      [
        client({
          name: 'Acme, "the" best',
          emails: ['a@x.example', 'b@x.example'],
          tags: ['vip', 'b2b'],
          address: 'Line 1\nLine 2',
          ownerId: 'u1',
        }),
        client({ kind: 'person', name: 'Bob', status: 'active' }),
      ],
      new Map([['u1', 'noah@demo.local']]),
      true,
    );
    const parsed = parseClientsCsv(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((record) => record.values)).toEqual([
      {
        kind: 'company',
        name: 'Acme, "the" best',
        emails: 'a@x.example;b@x.example',
        phones: '',
        address: 'Line 1\nLine 2',
        source: '',
        tags: 'vip;b2b',
        status: 'lead',
        owner_email: 'noah@demo.local',
      },
      {
        kind: 'person',
        name: 'Bob',
        emails: '',
        phones: '',
        address: '',
        source: '',
        tags: '',
        status: 'active',
        owner_email: '',
      },
    ]);
  });

  it('writes the header only when asked', () => {
    expect(clientsToCsv([client({})], new Map(), false)).toBe('company,Acme,,,,,,lead,\n');
  });

  it('neutralises every cell a spreadsheet would run, and the import reads them back', () => {
    const csv = clientsToCsv(
      [
        client({
          name: '=HYPERLINK("https://evil.example","click")',
          phones: ['+33 1 23 45 67 89'],
          address: '-2+3',
          source: '@SUM(A1)',
          tags: ['\tvip'],
          ownerId: 'u1',
        }),
      ],
      new Map([['u1', '\r=1+1']]),
      false,
    );
    const [cells] = parseClientsCsv(`${CSV_COLUMNS.join(',')}\n${csv}`).records.map(
      (record) => record.values,
    );
    expect(csv.split(',').filter((cell) => /^"?[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")"`);
    expect(csv).toContain(`'+33 1 23 45 67 89`);
    expect(cells).toMatchObject({
      name: '=HYPERLINK("https://evil.example","click")',
      phones: '+33 1 23 45 67 89',
      address: '-2+3',
      source: '@SUM(A1)',
    });
  });
});

describe('neutraliseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['Acme', 'Acme'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j becomes %j', (cell, safe) => {
    expect(neutraliseFormula(cell)).toBe(safe);
  });
});
