/**
 * Deals on the real API and Postgres: stage moves and their history, won and lost, exact amounts,
 * lists and the board, and who may read and change which deal.
 */
import { randomUUID } from 'node:crypto';
import { DemoPerson, NORTH_RECORD_ACCESS, useFlowcard } from '#test/harness/index';
import { clientEvents, lastEventId } from '#test/outbox';
import { DealStageChange } from './deal-stage-change.entity';
import { Deal } from './deal.entity';

const { flowcard, ids, as, pagesOf, newClient, newDeal, auditOf } = useFlowcard({
  worker: false,
});
let sales: { id: string; stages: { id: string; name: string }[] };

beforeAll(async () => {
  const pipelines = await as('manager', 'GET', '/api/pipelines');
  sales = pipelines.body.items.find((pipeline: { name: string }) => pipeline.name === 'Sales');
});

const salesStage = (name: string) => sales.stages.find((stage) => stage.name === name)!.id;

/** A fresh pipeline (open, won, lost) for tests that must not touch the Sales pipeline. */
async function createPipeline(prefix: string) {
  const response = await as('admin', 'POST', '/api/pipelines', {
    name: `${prefix} ${randomUUID()}`,
    stages: [
      { name: 'Open', probability: 10, kind: 'open' },
      { name: 'Won', probability: 100, kind: 'won' },
      { name: 'Lost', probability: 0, kind: 'lost' },
    ],
  });
  expect(response.status).toBe(201);
  return response.body as { id: string; stages: { id: string; name: string }[] };
}

const historyOf = async (dealId: string) =>
  flowcard.dataSource.manager.find(DealStageChange, {
    where: { dealId },
    order: { changedAt: 'ASC' },
  });

describe('deals', () => {
  it('creates a deal in the first open stage of the default pipeline, with its first history row', async () => {
    const { id: clientId } = await newClient('manager');
    const deal = await newDeal('manager', {
      clientId,
      title: 'Fleet renewal',
      amount: '1250.5',
      expectedCloseDate: '2026-03-31',
    });
    expect(deal).toMatchObject({
      clientId,
      title: 'Fleet renewal',
      amount: '1250.50',
      currency: 'EUR',
      pipelineId: sales.id,
      stageId: salesStage('Qualification'),
      stage: { name: 'Qualification', kind: 'open' },
      probability: 10,
      probabilityOverride: null,
      ownerId: ids.manager,
      status: 'open',
      expectedCloseDate: '2026-03-31',
      closedAt: null,
    });
    expect(await as('manager', 'GET', `/api/deals/${deal.id}`)).toMatchObject({
      status: 200,
      body: { id: deal.id, amount: '1250.50' },
    });
    const history = await as('manager', 'GET', `/api/deals/${deal.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        fromStageId: null,
        fromStageName: null,
        toStageId: salesStage('Qualification'),
        toStageName: 'Qualification',
        changedById: ids.manager,
      }),
    ]);
    expect(history.body.nextCursor).toBeNull();
    const [created] = await auditOf('deal', deal.id);
    expect(created).toMatchObject({ action: 'create', actorUserId: ids.manager });
    expect(created.after).toMatchObject({
      amount: '1250.50',
      stageId: salesStage('Qualification'),
    });
    const dealEvents = (await clientEvents(flowcard.dataSource, clientId)).filter(
      (event) => event.type !== 'client.created',
    );
    expect(dealEvents).toEqual([
      {
        type: 'deal.stage_changed',
        payload: {
          dealId: deal.id,
          clientId,
          fromStageId: null,
          toStageId: salesStage('Qualification'),
        },
        clientId,
        instanceId: null,
        elementId: null,
        actorUserId: ids.manager,
        actorIntegration: null,
      },
    ]);
  });

  it('keeps amounts exact to the cent and refuses what is not an amount', async () => {
    const { id: clientId } = await newClient('manager');
    const largest = await newDeal('manager', { clientId, amount: '999999999999.99' });
    expect(largest.amount).toBe('999999999999.99');
    expect(
      (await flowcard.dataSource.manager.findOneByOrFail(Deal, { id: largest.id })).amount,
    ).toBe('999999999999.99');
    expect((await newDeal('manager', { clientId, amount: 19.99, currency: 'USD' })).amount).toBe(
      '19.99',
    );
    expect((await newDeal('manager', { clientId })).amount).toBe('0.00');
    for (const amount of ['12.345', '-1', 0.1 + 0.2, '1e3', 'ten', '1000000000000']) {
      const refused = await as('manager', 'POST', '/api/deals', { clientId, title: 'x', amount });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/amount/);
    }
    for (const currency of ['eur', 'ABC', 'EURO']) {
      const refused = await as('manager', 'POST', '/api/deals', { clientId, title: 'x', currency });
      expect(refused.status).toBe(400);
    }
    expect(await flowcard.dataSource.manager.countBy(Deal, { clientId })).toBe(3);
  });

  it('refuses bad input without writing anything', async () => {
    const { id: clientId } = await newClient('manager');
    const other = await createPipeline('Foreign');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ clientId, title: 'x', extra: true }, 400, 'VALIDATION_FAILED'],
      [{ clientId, title: '' }, 400, 'VALIDATION_FAILED'],
      [{ clientId: 'not-a-uuid', title: 'x' }, 400, 'VALIDATION_FAILED'],
      [{ clientId, title: 'x', probability: '50' }, 400, 'VALIDATION_FAILED'],
      [{ clientId, title: 'x', expectedCloseDate: '2026-02-30' }, 400, 'VALIDATION_FAILED'],
      [
        { clientId, title: 'x', stageId: other.stages[0].id, pipelineId: sales.id },
        400,
        'STAGE_NOT_IN_PIPELINE',
      ],
      [{ clientId, title: 'x', stageId: salesStage('Won') }, 400, 'STAGE_NOT_OPEN'],
      [{ clientId, title: 'x', pipelineId: randomUUID() }, 400, 'UNKNOWN_PIPELINE'],
      [{ clientId: randomUUID(), title: 'x' }, 404, 'NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const response = await as('manager', 'POST', '/api/deals', body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({
        body,
        status,
        code,
      });
    }
    const unknownOwner = await as('admin', 'POST', '/api/deals', {
      clientId,
      title: 'x',
      ownerId: randomUUID(),
    });
    expect(unknownOwner.status).toBe(400);
    expect(unknownOwner.body.code).toBe('UNKNOWN_USER');
    expect(await flowcard.dataSource.manager.countBy(Deal, { clientId })).toBe(0);

    // A stage alone names its pipeline.
    const inOther = await newDeal('manager', { clientId, stageId: other.stages[0].id });
    expect(inOther.pipelineId).toBe(other.id);
  });

  it('moves through stages with history, closes won, is lost with a reason, and reopens', async () => {
    const { id: clientId } = await newClient('manager');
    const deal = await newDeal('manager', { clientId, amount: 100 });
    const afterCreate = await lastEventId(flowcard.dataSource);

    const proposal = await as('noah', 'POST', `/api/deals/${deal.id}/stage`, {
      stageId: salesStage('Proposal'),
    });
    expect(proposal.status).toBe(200);
    expect(proposal.body).toMatchObject({
      stageId: salesStage('Proposal'),
      probability: 40,
      status: 'open',
    });

    const foreignStage = (await createPipeline('Foreign')).stages[0].id;
    for (const stageId of [foreignStage, randomUUID()]) {
      const refused = await as('manager', 'POST', `/api/deals/${deal.id}/stage`, { stageId });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('STAGE_NOT_IN_PIPELINE');
    }
    const lostWithoutReason = await as('manager', 'POST', `/api/deals/${deal.id}/stage`, {
      stageId: salesStage('Lost'),
    });
    expect(lostWithoutReason.status).toBe(400);
    expect(lostWithoutReason.body.code).toBe('LOST_NEEDS_REASON');
    expect(
      (await as('manager', 'POST', `/api/deals/${deal.id}/stage`, { stageId: 'proposal' })).status,
    ).toBe(400);
    expect(
      (
        await as('manager', 'POST', `/api/deals/${deal.id}/stage`, {
          stageId: salesStage('Won'),
          x: 1,
        })
      ).status,
    ).toBe(400);
    // Staying put writes nothing.
    expect(
      (
        await as('manager', 'POST', `/api/deals/${deal.id}/stage`, {
          stageId: salesStage('Proposal'),
        })
      ).status,
    ).toBe(200);
    expect(await historyOf(deal.id)).toHaveLength(2);

    const won = await as('manager', 'POST', `/api/deals/${deal.id}/stage`, {
      stageId: salesStage('Won'),
    });
    expect(won.body).toMatchObject({ status: 'won', probability: 100, stage: { kind: 'won' } });
    expect(won.body.closedAt).not.toBeNull();

    for (const reason of [undefined, '', '   ']) {
      const refused = await as('manager', 'POST', `/api/deals/${deal.id}/lose`, { reason });
      expect(refused.status).toBe(400);
    }
    const lost = await as('manager', 'POST', `/api/deals/${deal.id}/lose`, {
      reason: 'Chose a cheaper offer',
    });
    expect(lost.status).toBe(200);
    expect(lost.body).toMatchObject({
      status: 'lost',
      stageId: salesStage('Lost'),
      lostReason: 'Chose a cheaper offer',
      probability: 0,
    });
    const lostAgain = await as('manager', 'POST', `/api/deals/${deal.id}/lose`, {
      reason: 'again',
    });
    expect(lostAgain.status).toBe(409);

    const reopened = await as('manager', 'POST', `/api/deals/${deal.id}/stage`, {
      stageId: salesStage('Negotiation'),
    });
    expect(reopened.body).toMatchObject({
      status: 'open',
      lostReason: null,
      closedAt: null,
      probability: 70,
    });

    const history = (await as('manager', 'GET', `/api/deals/${deal.id}/history`)).body.items;
    expect(history.map((change: { toStageName: string }) => change.toStageName)).toEqual([
      'Qualification',
      'Proposal',
      'Won',
      'Lost',
      'Negotiation',
    ]);
    expect(history.map((change: { fromStageName: string | null }) => change.fromStageName)).toEqual(
      [null, 'Qualification', 'Proposal', 'Won', 'Lost'],
    );
    expect(history[1].changedById).toBe(ids.noah);
    const page = await as('manager', 'GET', `/api/deals/${deal.id}/history?limit=2&order=desc`);
    expect(page.body.items.map((change: { toStageName: string }) => change.toStageName)).toEqual([
      'Negotiation',
      'Lost',
    ]);
    const next = await as(
      'manager',
      'GET',
      `/api/deals/${deal.id}/history?limit=2&order=desc&cursor=${page.body.nextCursor}`,
    );
    expect(next.body.items.map((change: { toStageName: string }) => change.toStageName)).toEqual([
      'Won',
      'Proposal',
    ]);

    const announced = await clientEvents(flowcard.dataSource, clientId, afterCreate);
    expect(
      announced.map((event) => event.type === 'deal.stage_changed' && event.payload.toStageId),
    ).toEqual([
      salesStage('Proposal'),
      salesStage('Won'),
      salesStage('Lost'),
      salesStage('Negotiation'),
    ]);
    expect(announced[0]).toMatchObject({
      payload: { fromStageId: salesStage('Qualification') },
      actorUserId: ids.noah,
    });
    const moves = (await auditOf('deal', deal.id)).filter((entry) => entry.action === 'update');
    expect(moves).toHaveLength(4);
    expect(moves[2]).toMatchObject({
      before: { status: 'won', stageId: salesStage('Won') },
      after: { status: 'lost', stageId: salesStage('Lost'), lostReason: 'Chose a cheaper offer' },
    });
  });

  it('updates fields with an audit entry, follows or overrides the stage probability, and deletes', async () => {
    const { id: clientId } = await newClient('manager');
    const deal = await newDeal('manager', { clientId, probability: 55, amount: '10' });
    expect(deal).toMatchObject({ probability: 55, probabilityOverride: 55 });

    const updated = await as('manager', 'PATCH', `/api/deals/${deal.id}`, {
      title: 'Bigger deal',
      amount: '2500.75',
      probability: null,
      expectedCloseDate: '2026-06-30',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      title: 'Bigger deal',
      amount: '2500.75',
      probability: 10,
      probabilityOverride: null,
      expectedCloseDate: '2026-06-30',
    });
    const [, update] = await auditOf('deal', deal.id);
    expect(update).toMatchObject({
      action: 'update',
      before: { title: 'A deal', amount: '10.00', probability: 55, expectedCloseDate: null },
      after: {
        title: 'Bigger deal',
        amount: '2500.75',
        probability: null,
        expectedCloseDate: '2026-06-30',
      },
    });

    for (const body of [
      { title: null },
      { amount: -5 },
      { status: 'won' },
      { stageId: salesStage('Won') },
    ]) {
      expect((await as('manager', 'PATCH', `/api/deals/${deal.id}`, body)).status).toBe(400);
    }
    expect((await as('manager', 'GET', `/api/deals/${deal.id}`)).body).toMatchObject({
      title: 'Bigger deal',
      status: 'open',
      stageId: salesStage('Qualification'),
    });
    expect(await auditOf('deal', deal.id)).toHaveLength(2);

    expect((await as('manager', 'DELETE', `/api/deals/${deal.id}`)).status).toBe(204);
    expect((await as('manager', 'GET', `/api/deals/${deal.id}`)).status).toBe(404);
    expect((await as('manager', 'DELETE', `/api/deals/${deal.id}`)).status).toBe(404);
    const deleted = (await auditOf('deal', deal.id)).at(-1)!;
    expect(deleted).toMatchObject({
      action: 'delete',
      before: { title: 'Bigger deal' },
      after: null,
    });
    expect(await historyOf(deal.id)).toEqual([]);
  });

  it('filters, sorts and pages the list', async () => {
    const { id: clientId } = await newClient('manager');
    const make = (body: Record<string, unknown>) => newDeal('manager', { clientId, ...body });
    const small = await make({ title: 'small', amount: '100.00', expectedCloseDate: '2026-01-15' });
    const medium = await make({
      title: 'medium',
      amount: '250.50',
      expectedCloseDate: '2026-02-15',
    });
    const large = await make({ title: 'large', amount: '1000', expectedCloseDate: '2026-03-15' });
    const undated = await make({ title: 'undated', amount: '5', ownerId: ids.noah });
    await as('manager', 'POST', `/api/deals/${large.id}/stage`, { stageId: salesStage('Won') });

    const titles = async (query: string) => {
      const response = await as('manager', 'GET', `/api/deals?clientId=${clientId}&${query}`);
      expect(response.status).toBe(200);
      return response.body.items.map((deal: { title: string }) => deal.title);
    };
    expect(await titles('sort=amount')).toEqual(['undated', 'small', 'medium', 'large']);
    expect(await titles('sort=amount&order=desc')).toEqual(['large', 'medium', 'small', 'undated']);
    expect(await titles('sort=expectedCloseDate')).toEqual(['small', 'medium', 'large', 'undated']);
    expect(await titles('sort=createdAt&order=desc')).toEqual([
      'undated',
      'large',
      'medium',
      'small',
    ]);
    expect(await titles('sort=amount&amountMin=100&amountMax=250.50')).toEqual(['small', 'medium']);
    expect(await titles('sort=amount&closeFrom=2026-02-01&closeTo=2026-03-15')).toEqual([
      'medium',
      'large',
    ]);
    expect(await titles('status=won')).toEqual(['large']);
    expect(await titles(`sort=amount&stageId=${salesStage('Qualification')}`)).toEqual([
      'undated',
      'small',
      'medium',
    ]);
    expect(await titles(`owner=${ids.noah}`)).toEqual(['undated']);
    expect(await titles('owner=me&sort=amount')).toEqual(['small', 'medium', 'large']);
    expect(await titles(`pipelineId=${sales.id}`)).toHaveLength(4);

    const pages = await pagesOf(
      'manager',
      `/api/deals?clientId=${clientId}&sort=expectedCloseDate&limit=3`,
    );
    expect(pages.flatMap((page) => page.items.map((deal: { id: string }) => deal.id))).toEqual([
      small.id,
      medium.id,
      large.id,
      undated.id,
    ]);

    for (const query of [
      'sort=title',
      'amountMin=abc',
      'closeFrom=soon',
      'status=maybe',
      'owner=you',
      'limit=0',
      'cursor=zzz',
    ]) {
      expect((await as('manager', 'GET', `/api/deals?${query}`)).status).toBe(400);
    }
  });

  it('shows a board of the deals the caller may read, with counts and exact sums per stage', async () => {
    const pipeline = (
      await as('admin', 'POST', '/api/pipelines', {
        name: `Board ${randomUUID()}`,
        stages: [
          { name: 'First', probability: 10, kind: 'open' },
          { name: 'Second', probability: 50, kind: 'open' },
          { name: 'Won', probability: 100, kind: 'won' },
          { name: 'Lost', probability: 0, kind: 'lost' },
        ],
      })
    ).body;
    const [first, second] = pipeline.stages;
    const { id: northClient } = await newClient('manager');
    const { id: southClient } = await newClient('sara');
    await newDeal('manager', { clientId: northClient, pipelineId: pipeline.id, amount: '0.10' });
    await newDeal('noah', { clientId: northClient, pipelineId: pipeline.id, amount: '0.20' });
    await newDeal('manager', {
      clientId: northClient,
      stageId: second.id,
      amount: '7',
      currency: 'USD',
    });
    await newDeal('sara', { clientId: southClient, pipelineId: pipeline.id, amount: '1000' });

    const board = async (who: DemoPerson, query = '') => {
      const response = await as(who, 'GET', `/api/pipelines/${pipeline.id}/board${query}`);
      expect(response.status).toBe(200);
      return response.body.columns.map(
        (column: {
          stage: { name: string };
          count: number;
          amountByCurrency: object;
          deals: unknown[];
        }) => ({
          stage: column.stage.name,
          count: column.count,
          amountByCurrency: column.amountByCurrency,
          deals: column.deals.length,
        }),
      );
    };
    expect(await board('manager')).toEqual([
      { stage: first.name, count: 2, amountByCurrency: { EUR: '0.30' }, deals: 2 },
      { stage: second.name, count: 1, amountByCurrency: { USD: '7.00' }, deals: 1 },
      { stage: 'Won', count: 0, amountByCurrency: {}, deals: 0 },
      { stage: 'Lost', count: 0, amountByCurrency: {}, deals: 0 },
    ]);
    expect((await board('admin'))[0]).toEqual({
      stage: first.name,
      count: 3,
      amountByCurrency: { EUR: '1000.30' },
      deals: 3,
    });
    expect((await board('sara'))[0]).toEqual({
      stage: first.name,
      count: 1,
      amountByCurrency: { EUR: '1000.00' },
      deals: 1,
    });
    // The per-stage list is cut, the count is not.
    expect((await board('admin', '?dealsPerStage=1'))[0]).toMatchObject({ count: 3, deals: 1 });
    expect(
      (await as('admin', 'GET', `/api/pipelines/${pipeline.id}/board?dealsPerStage=0`)).status,
    ).toBe(400);
    expect((await as('admin', 'GET', `/api/pipelines/${randomUUID()}/board`)).status).toBe(404);
  });
});

describe('who may read and change a deal of team North', () => {
  let dealId: string;
  let clientId: string;

  beforeEach(async () => {
    clientId = (await newClient('manager')).id;
    dealId = (await newDeal('manager', { clientId })).id;
  });

  it.each(NORTH_RECORD_ACCESS)('%s reads with %i and changes with %i', async (who, read, write) => {
    expect((await as(who, 'GET', `/api/deals/${dealId}`)).status).toBe(read);
    expect((await as(who, 'GET', `/api/deals/${dealId}/history`)).status).toBe(read);
    const listed = await as(who, 'GET', `/api/deals?clientId=${clientId}`);
    expect(listed.body.items.map((deal: { id: string }) => deal.id)).toEqual(
      read === 200 ? [dealId] : [],
    );

    const before = await flowcard.dataSource.manager.findOneByOrFail(Deal, { id: dealId });
    const changes = [
      await as(who, 'PATCH', `/api/deals/${dealId}`, { title: `Changed by ${who}` }),
      await as(who, 'POST', `/api/deals/${dealId}/stage`, { stageId: salesStage('Proposal') }),
      await as(who, 'POST', `/api/deals/${dealId}/lose`, { reason: 'no budget' }),
      await as(who, 'DELETE', `/api/deals/${dealId}`),
    ];
    expect(changes.map((response) => response.status)).toEqual(
      write === 200 ? [200, 200, 200, 204] : [write, write, write, write],
    );
    if (write !== 200) {
      expect(await flowcard.dataSource.manager.findOneByOrFail(Deal, { id: dealId })).toEqual(
        before,
      );
      expect(await historyOf(dealId)).toHaveLength(1);
    }
  });

  it('lets only those who may read the client create deals for it, for owners they may assign', async () => {
    expect((await as('sara', 'POST', '/api/deals', { clientId, title: 'x' })).status).toBe(404);
    expect((await as('analyst', 'POST', '/api/deals', { clientId, title: 'x' })).status).toBe(403);
    expect(
      (await as('manager', 'POST', '/api/deals', { clientId, title: 'x', ownerId: ids.sara }))
        .status,
    ).toBe(403);
    expect((await newDeal('manager', { clientId, ownerId: ids.noah })).ownerId).toBe(ids.noah);
    expect((await newDeal('admin', { clientId, ownerId: ids.sara })).ownerId).toBe(ids.sara);
    expect(await flowcard.dataSource.manager.countBy(Deal, { clientId })).toBe(3);
  });

  it('lets the supervisor of North reassign within North but not to South', async () => {
    const toSouth = await as('supervisor', 'PATCH', `/api/deals/${dealId}`, { ownerId: ids.sara });
    expect(toSouth.status).toBe(403);
    const toNoah = await as('supervisor', 'PATCH', `/api/deals/${dealId}`, { ownerId: ids.noah });
    expect(toNoah.status).toBe(200);
    expect(toNoah.body.ownerId).toBe(ids.noah);
    expect((await auditOf('deal', dealId)).at(-1)).toMatchObject({
      actorUserId: ids.supervisor,
      before: { ownerId: ids.manager },
      after: { ownerId: ids.noah },
    });
    // Moved to South by an admin, the deal disappears for North.
    expect((await as('admin', 'PATCH', `/api/deals/${dealId}`, { ownerId: ids.sara })).status).toBe(
      200,
    );
    expect((await as('manager', 'GET', `/api/deals/${dealId}`)).status).toBe(404);
    expect((await as('sara', 'GET', `/api/deals/${dealId}`)).status).toBe(200);
  });
});

describe('deals of a deleted client', () => {
  it('are not found, not changed and left out of lists, counts and board sums, for everyone', async () => {
    const pipeline = await createPipeline('Deleted client');
    const [open, won] = pipeline.stages;
    const { id: keptClient } = await newClient('manager');
    const { id: deletedClient } = await newClient('manager');
    const kept = await newDeal('manager', {
      clientId: keptClient,
      pipelineId: pipeline.id,
      amount: '10',
    });
    const deal = await newDeal('manager', {
      clientId: deletedClient,
      pipelineId: pipeline.id,
      amount: '5',
    });
    const activity = await as('manager', 'POST', '/api/activities', {
      clientId: deletedClient,
      kind: 'task',
      subject: 'Send the offer',
    });
    expect(activity.status).toBe(201);

    const firstColumn = async (who: DemoPerson) => {
      const response = await as(who, 'GET', `/api/pipelines/${pipeline.id}/board`);
      expect(response.status).toBe(200);
      const [column] = response.body.columns;
      return {
        count: column.count,
        amountByCurrency: column.amountByCurrency,
        deals: column.deals.map((listed: { id: string }) => listed.id),
      };
    };
    const listedIds = async (who: DemoPerson, query: string) =>
      (await as(who, 'GET', `/api/deals?${query}`)).body.items.map(
        (listed: { id: string }) => listed.id,
      );
    expect(await firstColumn('manager')).toEqual({
      count: 2,
      amountByCurrency: { EUR: '15.00' },
      deals: [deal.id, kept.id],
    });
    expect(await listedIds('manager', `clientId=${deletedClient}`)).toEqual([deal.id]);

    expect((await as('manager', 'DELETE', `/api/clients/${deletedClient}`)).status).toBe(204);
    const before = await flowcard.dataSource.manager.findOneByOrFail(Deal, { id: deal.id });
    const afterDelete = await lastEventId(flowcard.dataSource);

    for (const who of ['manager', 'admin'] as const) {
      expect((await as(who, 'GET', `/api/deals/${deal.id}`)).status).toBe(404);
      expect((await as(who, 'GET', `/api/deals/${deal.id}/history`)).status).toBe(404);
      expect(await listedIds(who, `clientId=${deletedClient}`)).toEqual([]);
      expect(await listedIds(who, `pipelineId=${pipeline.id}`)).toEqual([kept.id]);
      expect(await firstColumn(who)).toEqual({
        count: 1,
        amountByCurrency: { EUR: '10.00' },
        deals: [kept.id],
      });
      const writes = [
        await as(who, 'PATCH', `/api/deals/${deal.id}`, { title: 'Changed' }),
        await as(who, 'POST', `/api/deals/${deal.id}/stage`, { stageId: won.id }),
        await as(who, 'POST', `/api/deals/${deal.id}/lose`, { reason: 'no budget' }),
        await as(who, 'DELETE', `/api/deals/${deal.id}`),
      ];
      expect(writes.map((response) => [response.status, response.body?.code])).toEqual(
        writes.map(() => [404, 'NOT_FOUND']),
      );
    }
    expect(await flowcard.dataSource.manager.findOneByOrFail(Deal, { id: deal.id })).toEqual(
      before,
    );
    expect(before.stageId).toBe(open.id);
    expect(await historyOf(deal.id)).toHaveLength(1);
    expect((await auditOf('deal', deal.id)).map((entry) => entry.action)).toEqual(['create']);
    expect(await clientEvents(flowcard.dataSource, deletedClient, afterDelete)).toEqual([]);
    expect((await as('manager', 'GET', `/api/activities/${activity.body.id}`)).status).toBe(404);
  });
});
