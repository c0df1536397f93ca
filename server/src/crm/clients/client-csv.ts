/** The CSV format of clients, shared by the import and the export; pure functions. */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DomainException } from '#server/common/errors/domain-exception';
import { clientError } from './clients.errors';
import type { Client } from './client.entity';

export const CSV_COLUMNS = [
  'kind',
  'name',
  'emails',
  'phones',
  'address',
  'source',
  'tags',
  'status',
  'owner_email',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const REQUIRED_COLUMNS: CsvColumn[] = ['kind', 'name'];

/** Emails, phones and tags hold several values in one cell, separated by this. */
export const LIST_SEPARATOR = ';';

/** `row` counts the records of the file, the header being row 1; blank lines are not counted. */
export interface CsvRowError {
  row: number;
  /** The column at fault; null when the whole row is. */
  field: CsvColumn | null;
  message: string;
}

export interface CsvRecord {
  row: number;
  values: Partial<Record<CsvColumn, string>>;
}

/** The header must name known columns, `kind` and `name` among them; other columns may be left out. */
export function parseClientsCsv(text: string): {
  total: number;
  records: CsvRecord[];
  errors: CsvRowError[];
} {
  let table: string[][];
  try {
    table = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    });
  } catch (error) {
    throw csvInvalid(`The file is not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = table;
  if (!header) throw csvInvalid(`The file is empty; its first row must be the header`);
  const columns = header.map((name) => name.toLowerCase());
  const problems = [
    ...columns
      .filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name))
      .map((name) => `unknown column "${name}"`),
    ...columns
      .filter((name, index) => columns.indexOf(name) !== index)
      .map((name) => `column "${name}" appears twice`),
    ...REQUIRED_COLUMNS.filter((name) => !columns.includes(name)).map(
      (name) => `column "${name}" is missing`,
    ),
  ];
  if (problems.length) {
    throw clientError(
      'CSV_INVALID',
      `The header row is wrong (${problems.join('; ')}); the columns are: ${CSV_COLUMNS.join(',')}`,
      problems,
    );
  }
  const records: CsvRecord[] = [];
  const errors: CsvRowError[] = [];
  rows.forEach((fields, index) => {
    const row = index + 2;
    if (fields.length !== columns.length) {
      errors.push({
        row,
        field: null,
        message: `the row has ${fields.length} fields, the header has ${columns.length}`,
      });
      return;
    }
    const values: CsvRecord['values'] = {};
    columns.forEach(
      (name, position) => (values[name as CsvColumn] = restoreFormulaLike(fields[position])),
    );
    records.push({ row, values });
  });
  return { total: rows.length, records, errors };
}

/** The record as the fields of a new client (validated later like any API input). */
export function recordToClientFields(values: CsvRecord['values']): {
  fields: Record<string, unknown>;
  ownerEmail: string | null;
} {
  const present = (column: CsvColumn) => values[column] || undefined;
  return {
    fields: {
      kind: values.kind ?? '',
      name: values.name ?? '',
      emails: splitList(values.emails),
      phones: splitList(values.phones),
      address: present('address'),
      source: present('source'),
      tags: splitList(values.tags),
      status: present('status'),
    },
    ownerEmail: present('owner_email')?.toLowerCase() ?? null,
  };
}

export function splitList(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(LIST_SEPARATOR)
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/**
 * A cell a spreadsheet would run as a formula (or whose leading tab or carriage return hides
 * one) starts with one of these. OWASP's advice on CSV injection: prefix such a cell with a
 * single quote, which spreadsheets show as text and do not run.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEUTRALISED_FORMULA = /^'[=+\-@\t\r]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The import reads back what the export neutralised: `'+33 1 23` is the phone `+33 1 23`. */
export function restoreFormulaLike(cell: string): string {
  return NEUTRALISED_FORMULA.test(cell) ? cell.slice(1) : cell;
}

/**
 * CSV lines for these clients, in the import's columns, so an export can be imported again;
 * every cell is safe to open in a spreadsheet (`neutraliseFormula`).
 */
export function clientsToCsv(
  clients: Client[],
  ownerEmails: Map<string, string>,
  withHeader: boolean,
): string {
  return stringify(
    clients.map((client) =>
      [
        client.kind,
        client.name,
        client.emails.join(LIST_SEPARATOR),
        client.phones.join(LIST_SEPARATOR),
        client.address ?? '',
        client.source ?? '',
        client.tags.join(LIST_SEPARATOR),
        client.status,
        (client.ownerId && ownerEmails.get(client.ownerId)) ?? '',
      ].map(neutraliseFormula),
    ),
    { header: withHeader, columns: [...CSV_COLUMNS] },
  );
}

function csvInvalid(message: string): DomainException {
  return clientError('CSV_INVALID', message);
}
