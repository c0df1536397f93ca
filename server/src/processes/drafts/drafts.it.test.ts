/**
 * Drafts on the real app and Postgres: analysts and admins save, list, reopen, save over and
 * delete them; other roles may not touch them; bad input is refused and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { endEvent, linearDiagram, startEvent } from '#test/harness/diagrams';
import { useFlowcard } from '#test/harness/index';
import { ProcessDraft } from './process-draft.entity';

const { flowcard, ids, as, deploy } = useFlowcard({ worker: false });

const uniqueKey = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

function diagram(key: string): string {
  return linearDiagram(key, [startEvent('Start'), endEvent('End')]);
}

describe('process drafts', () => {
  it('saves, lists, reopens, saves over and deletes a draft, sharing it among modelers', async () => {
    const key = uniqueKey('draft');
    const created = await as('analyst', 'POST', '/api/process-drafts', {
      name: '  Onboarding  ',
      processKey: key,
      bpmnXml: diagram(key),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Onboarding',
      processKey: key,
      bpmnXml: diagram(key),
      createdById: ids.analyst,
      updatedById: ids.analyst,
      updatedByName: expect.any(String),
    });
    const id = created.body.id as string;

    const listed = await as('analyst', 'GET', `/api/process-drafts?processKey=${key}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id, name: 'Onboarding', processKey: key }),
    ]);
    expect(listed.body.items[0]).not.toHaveProperty('bpmnXml');

    const renamedKey = uniqueKey('renamed');
    const saved = await as('admin', 'PATCH', `/api/process-drafts/${id}`, {
      bpmnXml: diagram(renamedKey),
      processKey: renamedKey,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      name: 'Onboarding',
      processKey: renamedKey,
      createdById: ids.analyst,
      updatedById: ids.admin,
    });
    expect(new Date(saved.body.updatedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(created.body.updatedAt).getTime(),
    );
    const reopened = await as('analyst', 'GET', `/api/process-drafts/${id}`);
    expect(reopened.body.bpmnXml).toBe(diagram(renamedKey));

    const keyCleared = await as('analyst', 'PATCH', `/api/process-drafts/${id}`, {
      processKey: null,
    });
    expect(keyCleared.body.processKey).toBeNull();

    expect((await as('analyst', 'DELETE', `/api/process-drafts/${id}`)).status).toBe(204);
    expect((await as('analyst', 'GET', `/api/process-drafts/${id}`)).status).toBe(404);
    expect((await as('analyst', 'DELETE', `/api/process-drafts/${id}`)).status).toBe(404);
  });

  it('lists the most recently saved first, a page at a time', async () => {
    const key = uniqueKey('paged');
    const names = ['first', 'second', 'third'];
    const made: string[] = [];
    for (const name of names) {
      const response = await as('analyst', 'POST', '/api/process-drafts', {
        name,
        processKey: key,
        bpmnXml: diagram(key),
      });
      made.push(response.body.id);
    }
    await as('analyst', 'PATCH', `/api/process-drafts/${made[0]}`, { name: 'first, saved again' });
    const first = await as('analyst', 'GET', `/api/process-drafts?processKey=${key}&limit=2`);
    const second = await as(
      'analyst',
      'GET',
      `/api/process-drafts?processKey=${key}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(
      [...first.body.items, ...second.body.items].map((d: { name: string }) => d.name),
    ).toEqual(['first, saved again', 'third', 'second']);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each(['manager', 'supervisor'] as const)(
    'refuses every draft operation to a %s',
    async (who) => {
      const key = uniqueKey('private');
      const { body: draft } = await as('analyst', 'POST', '/api/process-drafts', {
        name: 'Not for managers',
        bpmnXml: diagram(key),
      });
      const calls: [string, string, unknown?][] = [
        ['GET', '/api/process-drafts'],
        ['GET', `/api/process-drafts/${draft.id}`],
        ['POST', '/api/process-drafts', { name: 'x', bpmnXml: diagram(key) }],
        ['PATCH', `/api/process-drafts/${draft.id}`, { name: 'taken over' }],
        ['DELETE', `/api/process-drafts/${draft.id}`],
      ];
      for (const [method, path, body] of calls) {
        const refused = await as(who, method, path, body);
        expect({ method, path, status: refused.status }).toEqual({ method, path, status: 403 });
      }
      const kept = await flowcard.dataSource.manager.findOneByOrFail(ProcessDraft, {
        id: draft.id,
      });
      expect(kept.name).toBe('Not for managers');
    },
  );

  it('refuses bad input with a code and changes nothing', async () => {
    const key = uniqueKey('bad');
    const { body: draft } = await as('analyst', 'POST', '/api/process-drafts', {
      name: 'Valid',
      processKey: key,
      bpmnXml: diagram(key),
    });
    const before = await flowcard.dataSource.manager.count(ProcessDraft);
    const badCreates: unknown[] = [
      { name: 'No XML' },
      { name: '', bpmnXml: diagram(key) },
      { name: 'x'.repeat(201), bpmnXml: diagram(key) },
      { name: 'Bad key', processKey: 'has space', bpmnXml: diagram(key) },
      { name: 'Unknown field', bpmnXml: diagram(key), owner: 'me' },
      { name: 42, bpmnXml: diagram(key) },
    ];
    for (const body of badCreates) {
      const refused = await as('analyst', 'POST', '/api/process-drafts', body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
      expect(refused.body.code).toEqual(expect.any(String));
    }
    const notBpmn = await as('analyst', 'POST', '/api/process-drafts', {
      name: 'A form, not a diagram',
      bpmnXml: '{"components": []}',
    });
    expect(notBpmn.status).toBe(400);
    expect(notBpmn.body.code).toBe('DRAFT_NOT_BPMN');
    expect(await flowcard.dataSource.manager.count(ProcessDraft)).toBe(before);

    for (const body of [{ name: null }, { bpmnXml: null }, { bpmnXml: '<html></html>' }]) {
      const refused = await as('analyst', 'PATCH', `/api/process-drafts/${draft.id}`, body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
    }
    expect((await as('analyst', 'GET', '/api/process-drafts/not-a-uuid')).status).toBe(400);
    expect((await as('analyst', 'GET', `/api/process-drafts/${randomUUID()}`)).status).toBe(404);
    const unchanged = await as('analyst', 'GET', `/api/process-drafts/${draft.id}`);
    expect(unchanged.body).toMatchObject({ name: 'Valid', processKey: key, bpmnXml: diagram(key) });
  });
});

describe('the version list', () => {
  it('names who deployed each version, newest first', async () => {
    const key = uniqueKey('versions');
    await deploy(diagram(key), 'analyst');
    await deploy(linearDiagram(key, [startEvent('Start'), endEvent('Done')]), 'admin');
    const listed = await as('analyst', 'GET', `/api/process-definitions?key=${key}`);
    const people = await flowcard.dataSource.query(
      'SELECT id, name FROM users WHERE id = ANY($1)',
      [[ids.analyst, ids.admin]],
    );
    const nameOf = (id: string) => people.find((user: { id: string }) => user.id === id).name;
    expect(listed.body).toEqual([
      expect.objectContaining({
        version: 2,
        deployedById: ids.admin,
        deployedByName: nameOf(ids.admin),
      }),
      expect.objectContaining({
        version: 1,
        deployedById: ids.analyst,
        deployedByName: nameOf(ids.analyst),
      }),
    ]);
  });
});
