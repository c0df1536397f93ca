/**
 * Pipelines on the real API and Postgres: stages, their order and kinds, the board, and who may
 * change them.
 */
import { randomUUID } from 'node:crypto';
import { useFlowcard } from '#test/harness/index';
import { Pipeline } from './pipeline.entity';

const { flowcard, as, newClient, newDeal, auditOf } = useFlowcard({ worker: false });
let sales: { id: string; stages: { id: string; name: string }[] };

beforeAll(async () => {
  const pipelines = await as('manager', 'GET', '/api/pipelines');
  sales = pipelines.body.items.find((pipeline: { name: string }) => pipeline.name === 'Sales');
});

describe('pipelines', () => {
  it('lists the default Sales pipeline with its ordered stages to every signed-in user', async () => {
    for (const who of ['analyst', 'sara'] as const) {
      const response = await as(who, 'GET', '/api/pipelines');
      expect(response.status).toBe(200);
      const found = response.body.items.find(
        (pipeline: { id: string }) => pipeline.id === sales.id,
      );
      expect(found.isDefault).toBe(true);
      expect(
        found.stages.map(({ name, probability, kind }: Record<string, unknown>) => ({
          name,
          probability,
          kind,
        })),
      ).toEqual([
        { name: 'Qualification', probability: 10, kind: 'open' },
        { name: 'Proposal', probability: 40, kind: 'open' },
        { name: 'Negotiation', probability: 70, kind: 'open' },
        { name: 'Won', probability: 100, kind: 'won' },
        { name: 'Lost', probability: 0, kind: 'lost' },
      ]);
    }
    expect((await as('manager', 'GET', `/api/pipelines/${sales.id}`)).body.stages).toHaveLength(5);
    expect((await as('manager', 'GET', `/api/pipelines/${randomUUID()}`)).status).toBe(404);
  });

  const partnerStages = [
    { name: 'Intro', probability: 20, kind: 'open' },
    { name: 'Signed', probability: 100, kind: 'won' },
    { name: 'Dropped', probability: 0, kind: 'lost' },
  ];

  it('lets only admins create pipelines, which need open, won and lost stages', async () => {
    const name = `Partners ${randomUUID()}`;
    expect(
      (await as('manager', 'POST', '/api/pipelines', { name, stages: partnerStages })).status,
    ).toBe(403);
    const noLost = await as('admin', 'POST', '/api/pipelines', {
      name,
      stages: [...partnerStages.slice(0, 2), { name: 'Also open', probability: 5, kind: 'open' }],
    });
    expect(noLost.status).toBe(400);
    expect(noLost.body.code).toBe('PIPELINE_INVALID');
    const badStage = await as('admin', 'POST', '/api/pipelines', {
      name,
      stages: [
        ...partnerStages.slice(1),
        { name: 'Odd', probability: 101, kind: 'maybe', extra: 1 },
      ],
    });
    expect(badStage.status).toBe(400);
    expect(badStage.body.code).toBe('VALIDATION_FAILED');
    expect(await flowcard.dataSource.manager.existsBy(Pipeline, { name })).toBe(false);

    const created = await as('admin', 'POST', '/api/pipelines', { name, stages: partnerStages });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, isDefault: false });
    expect(created.body.stages.map((stage: { name: string }) => stage.name)).toEqual([
      'Intro',
      'Signed',
      'Dropped',
    ]);
    expect((await auditOf('pipeline', created.body.id)).map((entry) => entry.action)).toEqual([
      'create',
    ]);
    const again = await as('admin', 'POST', '/api/pipelines', { name, stages: partnerStages });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PIPELINE_NAME_TAKEN');
  });

  it('lets admins add, rename, reorder and remove stages, keeping stages in use', async () => {
    const pipeline = (
      await as('admin', 'POST', '/api/pipelines', {
        name: `Stages ${randomUUID()}`,
        stages: partnerStages,
      })
    ).body;
    const [intro, signed, dropped] = pipeline.stages.map((stage: { id: string }) => stage.id);

    expect(
      (
        await as('manager', 'POST', `/api/pipelines/${pipeline.id}/stages`, {
          name: 'X',
          probability: 1,
        })
      ).status,
    ).toBe(403);
    const added = await as('admin', 'POST', `/api/pipelines/${pipeline.id}/stages`, {
      name: 'Demo',
      probability: 50,
    });
    expect(added.status).toBe(201);
    // A new stage goes after the last open stage, before the closing ones.
    expect(added.body.stages.map((stage: { name: string }) => stage.name)).toEqual([
      'Intro',
      'Demo',
      'Signed',
      'Dropped',
    ]);
    expect(added.body.stages.map((stage: { position: number }) => stage.position)).toEqual([
      1, 2, 3, 4,
    ]);
    const demo = added.body.stages[1].id;

    const renamed = await as('admin', 'PATCH', `/api/pipelines/${pipeline.id}/stages/${demo}`, {
      name: 'Live demo',
      probability: 55,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.stages[1]).toMatchObject({ name: 'Live demo', probability: 55 });
    expect(
      (await as('admin', 'PATCH', `/api/pipelines/${pipeline.id}/stages/${demo}`, { name: null }))
        .status,
    ).toBe(400);

    const mismatch = await as('admin', 'PUT', `/api/pipelines/${pipeline.id}/stages/order`, {
      stageIds: [demo, intro, signed],
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe('STAGES_MISMATCH');
    const reordered = await as('admin', 'PUT', `/api/pipelines/${pipeline.id}/stages/order`, {
      stageIds: [demo, intro, signed, dropped],
    });
    expect(reordered.status).toBe(200);
    expect(reordered.body.stages.map((stage: { id: string }) => stage.id)).toEqual([
      demo,
      intro,
      signed,
      dropped,
    ]);

    // Intro gets a deal: it can no longer be removed, nor can the won and lost stages.
    await newDeal('manager', { clientId: (await newClient('manager')).id, stageId: intro });
    for (const stageId of [intro, signed, dropped]) {
      const refused = await as(
        'admin',
        'DELETE',
        `/api/pipelines/${pipeline.id}/stages/${stageId}`,
      );
      expect(refused.status).toBe(409);
    }
    expect(
      (await as('manager', 'DELETE', `/api/pipelines/${pipeline.id}/stages/${demo}`)).status,
    ).toBe(403);
    const removed = await as('admin', 'DELETE', `/api/pipelines/${pipeline.id}/stages/${demo}`);
    expect(removed.status).toBe(200);
    expect(removed.body.stages.map((stage: { id: string }) => stage.id)).toEqual([
      intro,
      signed,
      dropped,
    ]);
    expect((await auditOf('pipeline_stage', demo)).map((entry) => entry.action)).toEqual([
      'create',
      'update',
      'delete',
    ]);
    expect((await auditOf('pipeline', pipeline.id)).map((entry) => entry.action)).toEqual([
      'create',
      'update',
    ]);
  });

  it('makes another pipeline the default for new deals, and back', async () => {
    const other = (
      await as('admin', 'POST', '/api/pipelines', {
        name: `Default ${randomUUID()}`,
        stages: partnerStages,
      })
    ).body;
    expect(
      (await as('manager', 'PATCH', `/api/pipelines/${other.id}`, { isDefault: true })).status,
    ).toBe(403);
    expect(
      (await as('admin', 'PATCH', `/api/pipelines/${other.id}`, { isDefault: false })).status,
    ).toBe(400);
    try {
      const made = await as('admin', 'PATCH', `/api/pipelines/${other.id}`, { isDefault: true });
      expect(made.body.isDefault).toBe(true);
      expect((await as('admin', 'GET', `/api/pipelines/${sales.id}`)).body.isDefault).toBe(false);
      const deal = await newDeal('manager', { clientId: (await newClient('manager')).id });
      expect(deal.pipelineId).toBe(other.id);
      expect(deal.stage.name).toBe('Intro');
    } finally {
      await as('admin', 'PATCH', `/api/pipelines/${sales.id}`, { isDefault: true });
    }
    expect((await as('admin', 'GET', `/api/pipelines/${sales.id}`)).body.isDefault).toBe(true);
  });
});
