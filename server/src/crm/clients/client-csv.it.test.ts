/**
 * CSV import and export of clients on the real app and Postgres: a dry run writes nothing, one
 * broken row stops the whole file unless told to skip it, and the export follows the list's
 * filters and the caller's access.
 */
import { randomUUID } from 'node:crypto';
import { Like } from 'typeorm';
import { DemoPerson, useFlowcard } from '#test/harness/index';
import { AuditEntry } from '#server/audit/audit-entry.entity';
import { Client } from './client.entity';
import { ClientStatusChange } from './client-status-change.entity';

const { flowcard, tokens, ids } = useFlowcard({ worker: false });

const HEADER = 'kind,name,emails,phones,address,source,tags,status,owner_email';

const importCsv = (who: DemoPerson, csv: string, query = '') =>
  flowcard.api(tokens[who], 'POST', `/api/clients/import${query}`, csv, 'text/csv');

async function exportCsv(who: DemoPerson, query = '') {
  const response = await fetch(`${flowcard.baseUrl}/api/clients/export.csv${query}`, {
    headers: { authorization: `Bearer ${tokens[who]}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

const clientsNamed = (prefix: string) =>
  flowcard.dataSource.manager.find(Client, {
    where: { name: Like(`${prefix}%`) },
    order: { name: 'ASC' },
  });

describe('import', () => {
  it('checks every row in a dry run and writes nothing', async () => {
    const prefix = `Dry ${randomUUID().slice(0, 8)}`;
    const csv = [
      HEADER,
      `company,${prefix} A,a@a.example;b@a.example,+49 30 1;+49 30 2,"Main St 1, Berlin",fair,vip;b2b,potential,noah@demo.local`,
      `person,${prefix} B,,,,,,,`,
    ].join('\n');
    const response = await importCsv('manager', csv, '?dryRun=true');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ dryRun: true, total: 2, valid: 2, created: 0, errors: [] });
    expect(await clientsNamed(prefix)).toEqual([]);
  });

  it('imports every row in one go, audited, with owners, lists and statuses', async () => {
    const prefix = `Real ${randomUUID().slice(0, 8)}`;
    const csv = [
      HEADER,
      `company,${prefix} A,a@a.example;b@a.example,+49 30 1;+49 30 2,"Main St 1, Berlin",fair,vip;b2b,potential,NOAH@demo.local`,
      `person,${prefix} B,,,,,,,`,
    ].join('\r\n');
    const response = await importCsv('manager', csv, '?dryRun=false');
    expect(response.body).toEqual({ dryRun: false, total: 2, valid: 2, created: 2, errors: [] });
    const [a, b] = await clientsNamed(prefix);
    expect(a).toMatchObject({
      kind: 'company',
      emails: ['a@a.example', 'b@a.example'],
      phones: ['+49 30 1', '+49 30 2'],
      address: 'Main St 1, Berlin',
      source: 'fair',
      tags: ['vip', 'b2b'],
      status: 'potential',
      ownerId: ids.noah,
    });
    expect(b).toMatchObject({
      kind: 'person',
      emails: [],
      address: null,
      status: 'lead',
      ownerId: ids.manager,
    });
    const manager = flowcard.dataSource.manager;
    for (const client of [a, b]) {
      expect(await manager.countBy(AuditEntry, { entityId: client.id, action: 'create' })).toBe(1);
      expect(await manager.findBy(ClientStatusChange, { clientId: client.id })).toEqual([
        expect.objectContaining({
          fromStatus: null,
          toStatus: client.status,
          changedById: ids.manager,
        }),
      ]);
    }
  });

  it('writes nothing when a row is broken, and names each problem by row and column', async () => {
    const prefix = `Broken ${randomUUID().slice(0, 8)}`;
    const csv = [
      'name,kind,emails,status,owner_email,tags',
      `${prefix} good,company,ok@x.example,,,`,
      `${prefix} bad mail,company,not-a-mail,,,`,
      `${prefix} bad kind,robot,,golden,,`,
      `${prefix} stranger,company,,,nobody@demo.local,`,
      `${prefix} other team,company,,,sara@demo.local,`,
      `${prefix} short,company`,
      `,person,,,,`,
    ].join('\n');
    const response = await importCsv('manager', csv);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ dryRun: false, total: 7, valid: 1, created: 0 });
    expect(response.body.errors).toEqual([
      { row: 3, field: 'emails', message: expect.stringMatching(/email/) },
      { row: 4, field: 'kind', message: expect.stringMatching(/kind must be one of/) },
      { row: 4, field: 'status', message: 'there is no client status "golden"' },
      { row: 5, field: 'owner_email', message: 'there is no active user nobody@demo.local' },
      { row: 6, field: 'owner_email', message: 'you may not give clients to sara@demo.local' },
      { row: 7, field: null, message: 'the row has 2 fields, the header has 6' },
      { row: 8, field: 'name', message: expect.stringMatching(/name must be longer/) },
    ]);
    expect(await clientsNamed(prefix)).toEqual([]);

    const skipping = await importCsv('manager', csv, '?skipInvalid=true');
    expect(skipping.body).toMatchObject({ total: 7, valid: 1, created: 1 });
    expect(skipping.body.errors).toHaveLength(7);
    expect((await clientsNamed(prefix)).map((client) => client.name)).toEqual([`${prefix} good`]);
  });

  it('refuses a file that is not CSV or has a wrong header, and callers who may own nothing', async () => {
    const cases: [DemoPerson, string, number, string][] = [
      ['manager', 'kind,name,colour\ncompany,X,red', 400, 'CSV_INVALID'],
      ['manager', 'name,emails\nX,', 400, 'CSV_INVALID'],
      ['manager', 'kind,name\ncompany,"unclosed', 400, 'CSV_INVALID'],
      ['manager', '\n', 400, 'CSV_INVALID'],
      ['analyst', `${HEADER}\ncompany,X,,,,,,,`, 403, 'FORBIDDEN'],
    ];
    for (const [who, csv, status, code] of cases) {
      const response = await importCsv(who, csv);
      expect({ csv, status: response.status, code: response.body.code }).toEqual({
        csv,
        status,
        code,
      });
    }
    const asJson = await flowcard.api(tokens.manager, 'POST', '/api/clients/import', {
      csv: 'kind,name',
    });
    expect(asJson.status).toBe(415);
    const badFlag = await importCsv('manager', `${HEADER}\n`, '?dryRun=maybe');
    expect(badFlag.status).toBe(400);
  });
});

describe('export', () => {
  it('exports what the list shows the caller, in the import format', async () => {
    const tag = `x-${randomUUID().slice(0, 8)}`;
    const csv = [
      HEADER,
      `company,Export A ${tag},a@x.example;b@x.example,,"Quote ""Street"", 1",,${tag};vip,,`,
      `person,Export B ${tag},,,,,${tag},,`,
      `company,Export C ${tag},,,,,${tag},,sara@demo.local`,
    ].join('\n');
    expect((await importCsv('admin', csv)).body.created).toBe(3);

    const mine = await exportCsv('manager', `?tag=${tag}`);
    expect(mine.status).toBe(200);
    expect(mine.type).toMatch(/^text\/csv/);
    expect(mine.text.trim().split('\n')).toEqual([HEADER]);
    const all = await exportCsv('admin', `?tag=${tag}`);
    expect(all.text.trim().split('\n')).toEqual([
      HEADER,
      `company,Export A ${tag},a@x.example;b@x.example,,"Quote ""Street"", 1",,${tag};vip,lead,admin@demo.local`,
      `person,Export B ${tag},,,,,${tag},lead,admin@demo.local`,
      `company,Export C ${tag},,,,,${tag},lead,sara@demo.local`,
    ]);
    const people = await exportCsv('analyst', `?tag=${tag}&kind=person`);
    expect(people.text.trim().split('\n')).toEqual([
      HEADER,
      `person,Export B ${tag},,,,,${tag},lead,admin@demo.local`,
    ]);
    const saras = await exportCsv('sara', `?tag=${tag}`);
    expect(saras.text.trim().split('\n').slice(1)).toEqual([
      `company,Export C ${tag},,,,,${tag},lead,sara@demo.local`,
    ]);

    // The export imports again as it is.
    const again = await importCsv('admin', all.text, '?dryRun=true');
    expect(again.body).toEqual({ dryRun: true, total: 3, valid: 3, created: 0, errors: [] });

    expect((await exportCsv('manager', '?limit=5')).status).toBe(400);
  });

  it('exports a large result in batches, every row once', async () => {
    const tag = `big-${randomUUID().slice(0, 8)}`;
    const rows = Array.from({ length: 1203 }, (_, index) => `person,Bulk ${index},,,,,${tag},,`);
    const imported = await importCsv('manager', [HEADER, ...rows].join('\n'));
    expect(imported.body).toMatchObject({ total: 1203, created: 1203, errors: [] });
    const exported = await exportCsv('noah', `?tag=${tag}`);
    const lines = exported.text.trim().split('\n');
    expect(lines[0]).toBe(HEADER);
    const expected = rows.map((row) => row.replace(/,,$/, ',lead,manager@demo.local'));
    expect(lines.slice(1).sort()).toEqual(expected.sort());
  });
});
