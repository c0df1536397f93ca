/**
 * The client card on the real app, Postgres and Temporal: contacts, deals, open tasks of both
 * kinds, process instances, and one timeline merged from activities, status changes, deal stage
 * changes and process steps, newest first, paged by cursor without gaps or repeats.
 */
import { randomUUID } from 'node:crypto';
import { everyPage, useFlowcard } from '#test/harness/index';
import { encodeCursor } from '#server/common/pagination';

const { flowcard, ids, as, pagesOf, newClient, startInstance } = useFlowcard();

const sql = (query: string, parameters: unknown[]) => flowcard.dataSource.query(query, parameters);

interface Entry {
  id: string;
  type: string;
  at: string;
  actor: Record<string, unknown> | null;
  activity?: Record<string, unknown>;
  change?: Record<string, unknown>;
}

describe('the client card', () => {
  const suffix = randomUUID().slice(0, 8);
  const hourAgo = Date.now() - 3_600_000;
  const at = (seconds: number) => new Date(hourAgo + seconds * 1000).toISOString();
  let companyId: string;
  let colleagueId: string;
  let instanceId: string;
  let dealId: string;
  let taskActivityId: string;
  const tiedNotes: { id: string; subject: string }[] = [];

  beforeAll(async () => {
    ({ id: companyId } = await newClient('manager', {
      kind: 'company',
      name: `Card Co ${suffix}`,
    }));
    ({ id: colleagueId } = await newClient('manager', {
      kind: 'person',
      name: `Card Colleague ${suffix}`,
      companyId,
    }));
    // A person at the company whom the manager's team may not see.
    await newClient('admin', {
      kind: 'person',
      name: `Card Outsider ${suffix}`,
      companyId,
      ownerId: ids.sara,
    });

    const [pipeline] = await sql(`INSERT INTO pipelines (name) VALUES ($1) RETURNING id`, [
      `Card pipeline ${suffix}`,
    ]);
    const stages: { id: string; name: string }[] = await sql(
      `INSERT INTO pipeline_stages (pipeline_id, name, position)
       VALUES ($1, 'Qualification', 1), ($1, 'Proposal', 2) RETURNING id, name`,
      [pipeline.id],
    );
    const stage = (name: string) => stages.find((row) => row.name === name)!.id;
    [{ id: dealId }] = await sql(
      `INSERT INTO deals (client_id, pipeline_id, stage_id, title, owner_id, created_at)
       VALUES ($1, $2, $3, 'Tools for a year', $4, $5) RETURNING id`,
      [companyId, pipeline.id, stage('Proposal'), ids.noah, at(1)],
    );
    await sql(
      `INSERT INTO deal_stage_changes (deal_id, from_stage_id, to_stage_id, changed_by_id, changed_at)
       VALUES ($1, NULL, $2, $4, $5), ($1, $2, $3, $4, $6)`,
      [dealId, stage('Qualification'), stage('Proposal'), ids.noah, at(1), at(5)],
    );
    const activity = async (kind: string, subject: string, seconds: number) => {
      const [row] = await sql(
        `INSERT INTO activities (client_id, kind, subject, status, assignee_id, created_by_id, created_at)
         VALUES ($1, $2, $3, 'open', $4, $5, $6) RETURNING id`,
        [companyId, kind, subject, ids.noah, ids.manager, at(seconds)],
      );
      return row.id as string;
    };
    await activity('call', 'First call', 2);
    await activity('note', 'Likes blue', 3);
    taskActivityId = await activity('task', 'Send the catalogue', 4);
    for (const subject of ['Tie one', 'Tie two', 'Tie three']) {
      tiedNotes.push({ id: await activity('note', subject, 6), subject });
    }

    ({ id: instanceId } = (await startInstance('application-handling', companyId)).instance);
    const changed = await as('noah', 'POST', `/api/clients/${companyId}/status`, {
      status: 'potential',
    });
    expect(changed.status).toBe(200);
  });

  it('shows the profile, the contacts the caller may see, deals, open tasks and instances', async () => {
    const card = await as('manager', 'GET', `/api/clients/${companyId}/card`);
    expect(card.status).toBe(200);
    expect(card.body.client).toMatchObject({
      id: companyId,
      status: 'potential',
      owner: { id: ids.manager, name: 'Mia Manager' },
    });
    expect(card.body.contacts.map((contact: { id: string }) => contact.id)).toEqual([colleagueId]);
    const asAdmin = await as('admin', 'GET', `/api/clients/${companyId}/card`);
    expect(asAdmin.body.contacts.map((contact: { name: string }) => contact.name)).toEqual([
      `Card Colleague ${suffix}`,
      `Card Outsider ${suffix}`,
    ]);
    const colleague = await as('manager', 'GET', `/api/clients/${colleagueId}/card`);
    expect(colleague.body.contacts.map((contact: { id: string }) => contact.id)).toEqual([
      companyId,
    ]);

    expect(card.body.deals).toEqual([
      expect.objectContaining({ id: dealId, title: 'Tools for a year', stageName: 'Proposal' }),
    ]);
    expect(card.body.openTasks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'activity',
          activity: expect.objectContaining({ id: taskActivityId, subject: 'Send the catalogue' }),
        }),
        expect.objectContaining({
          type: 'processTask',
          task: expect.objectContaining({ name: 'Qualify application', instanceId }),
        }),
      ]),
    );
    expect(card.body.openTasks).toHaveLength(2);
    expect(card.body.processInstances).toEqual([
      expect.objectContaining({
        id: instanceId,
        status: 'running',
        definition: expect.objectContaining({ key: 'application-handling' }),
      }),
    ]);
  });

  it('merges every source into one timeline, newest first, each with its actor', async () => {
    const card = await as('manager', 'GET', `/api/clients/${companyId}/card`);
    const timeline: Entry[] = card.body.timeline;
    expect(card.body.timelineNextCursor).toBeNull();
    const summary = (entry: Entry) =>
      entry.type === 'activity'
        ? `activity ${entry.activity?.subject}`
        : entry.type === 'statusChange'
          ? `status ${entry.change?.toStatus}`
          : entry.type === 'dealStageChange'
            ? `deal ${entry.change?.dealTitle} -> ${entry.change?.toStageName}`
            : `step ${entry.actor?.elementName}`;
    // Entries at the same instant come in a fixed order: by their ids, descending.
    const ties = [...tiedNotes].sort((a, b) => (a.id < b.id ? 1 : -1));
    expect(timeline.map(summary)).toEqual([
      'status potential',
      'step Application received',
      'status lead',
      ...ties.map((note) => `activity ${note.subject}`),
      'deal Tools for a year -> Proposal',
      'activity Send the catalogue',
      'activity Likes blue',
      'activity First call',
      'deal Tools for a year -> Qualification',
    ]);
    expect(timeline.slice(3, 6).map((entry) => entry.id)).toEqual(
      ties.map((note) => `activity:${note.id}`),
    );
    const times = timeline.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const noah = { type: 'user', id: ids.noah, name: 'Noah North' };
    const mia = { type: 'user', id: ids.manager, name: 'Mia Manager' };
    expect(timeline.map((entry) => entry.actor)).toEqual([
      noah,
      {
        type: 'process',
        instanceId,
        definitionKey: 'application-handling',
        elementId: 'StartEvent_ApplicationReceived',
        elementName: 'Application received',
      },
      mia,
      mia,
      mia,
      mia,
      noah,
      mia,
      mia,
      mia,
      noah,
    ]);
    const deal = timeline.find((entry) => entry.type === 'dealStageChange');
    expect(deal?.change).toMatchObject({
      dealId,
      fromStageName: 'Qualification',
      toStageName: 'Proposal',
    });
  });

  it('pages the timeline by cursor without gaps or repeats, on the card and on its own', async () => {
    const full: Entry[] = (await as('manager', 'GET', `/api/clients/${companyId}/timeline`)).body
      .items;
    expect(full).toHaveLength(11);

    const cards = await everyPage(
      (cursor) => as('manager', 'GET', `/api/clients/${companyId}/card?limit=2${cursor}`),
      (card) => card.body.timelineNextCursor,
    );
    for (const card of cards) {
      expect(card.status).toBe(200);
      expect(card.body.timeline.length).toBeLessThanOrEqual(2);
    }
    const viaCard = cards.flatMap((card) => card.body.timeline.map((entry: Entry) => entry.id));
    expect(viaCard).toEqual(full.map((entry) => entry.id));

    const pages = await pagesOf('manager', `/api/clients/${companyId}/timeline?limit=4`);
    const viaTimeline = pages.flatMap((page) => page.items.map((entry: Entry) => entry.id));
    expect(viaTimeline).toEqual(full.map((entry) => entry.id));
  });

  it('refuses cursors it did not give out and limits out of range', async () => {
    for (const query of [
      'cursor=garbage',
      `cursor=${encodeCursor('not a time', 'activity:x')}`,
      'limit=0',
      'limit=201',
      'limit=ten',
      'order=asc',
    ]) {
      const response = await as('manager', 'GET', `/api/clients/${companyId}/timeline?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
  });
});
