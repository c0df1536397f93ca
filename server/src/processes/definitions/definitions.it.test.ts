/**
 * Versions of a process key: an identical diagram makes no new version, starting picks the
 * latest or the version named, and running instances finish on the version they started on.
 */
import { randomUUID } from 'node:crypto';
import { CONTENT_HASH_SQL } from '../../../../migrations/1763980000000-DefinitionContentHash';
import { crmTaskStep, endEvent, linearDiagram, startEvent, userTask } from '#test/harness/diagrams';
import { eventually, useFlowcard } from '#test/harness/index';
import { contentHash } from './content-hash';

const { flowcard, tokens, as, newClient, startInstance, deploy } = useFlowcard();

const uniqueKey = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/** Review, then a step only this version has, then an end only this version has. */
function reviewDiagram(key: string, version: 'V1' | 'V2') {
  return linearDiagram(key, [
    startEvent('Start'),
    userTask('Task_Review', 'Review'),
    crmTaskStep(`Task_${version}Only`, `${version} follow-up`),
    endEvent(`End_${version}`),
  ]);
}

async function deployStatus(xml: string) {
  return flowcard.api(tokens.analyst, 'POST', '/api/process-definitions', xml, 'application/xml');
}

describe('deploying', () => {
  it('an identical diagram answers the latest version with 200 and makes no new one', async () => {
    const key = uniqueKey('same');
    const xml = reviewDiagram(key, 'V1');
    const first = await deployStatus(xml);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ key, version: 1, created: true, warnings: [] });

    const again = await deployStatus(xml);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, version: 1, created: false });

    // Saved again with other indentation and line endings between the elements.
    const reindented = `\n${xml.replace(/\n\s*/g, '\r\n\t\t')}  `;
    const same = await deployStatus(reindented);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ id: first.body.id, created: false });

    const changed = await deployStatus(reviewDiagram(key, 'V2'));
    expect(changed.status).toBe(201);
    expect(changed.body).toMatchObject({ version: 2, created: true });
    // Back to the first diagram: it differs from the latest (v2), so it is v3.
    const back = await deployStatus(xml);
    expect(back.status).toBe(201);
    expect(back.body.version).toBe(3);

    const versions = await as('analyst', 'GET', `/api/process-definitions?key=${key}`);
    expect(versions.body.map((version: { version: number }) => version.version)).toEqual([3, 2, 1]);
    const stored = await as('analyst', 'GET', `/api/process-definitions/${first.body.id}`);
    expect(stored.body.contentHash).toBe(contentHash(xml));
  });

  it('hashes older rows in the migration by the same rule as new deploys', async () => {
    const samples = [
      reviewDiagram('sample', 'V1'),
      ` \r\n${reviewDiagram('sample', 'V2').replace(/\n/g, '\r\n\t')}\n\t `,
      '<a>  text  with  spaces </a>',
      '<a x="é ü"> <b/>\t<c>\n</c></a>',
    ];
    for (const xml of samples) {
      const [{ hash }] = await flowcard.dataSource.query(
        `SELECT ${CONTENT_HASH_SQL} AS hash FROM (VALUES ($1::text)) AS row(bpmn_xml)`,
        [xml],
      );
      expect(hash).toBe(contentHash(xml));
    }
  });
});

describe('starting a version', () => {
  it('starts the latest version unless definitionKey and version name one', async () => {
    const key = uniqueKey('pick');
    const v1 = await deploy(reviewDiagram(key, 'V1'));
    const v2 = await deploy(reviewDiagram(key, 'V2'));
    const client = await newClient('manager');
    const latest = await startInstance(key, client);
    expect(latest.instance.definition).toMatchObject({ id: v2.id, version: 2 });

    const named = await as('manager', 'POST', '/api/process-instances', {
      definitionKey: key,
      version: 1,
      clientId: client.id,
    });
    expect(named.status).toBe(201);
    expect(named.body.definition).toMatchObject({ id: v1.id, version: 1 });

    const missing = await as('manager', 'POST', '/api/process-instances', {
      definitionKey: key,
      version: 3,
    });
    expect(missing.status).toBe(404);
    const withoutKey = await as('manager', 'POST', '/api/process-instances', { version: 1 });
    expect(withoutKey.status).toBe(400);
    expect(withoutKey.body.code).toBe('DEFINITION_REQUIRED');
    const notAVersion = await as('manager', 'POST', '/api/process-instances', {
      definitionKey: key,
      version: 0,
    });
    expect(notAVersion.status).toBe(400);
    expect(notAVersion.body.code).toBe('VALIDATION_FAILED');
  });

  it('lets instances waiting on v1 finish on v1 while new ones run v2', async () => {
    const key = uniqueKey('versions');
    await deploy(reviewDiagram(key, 'V1'));
    const client = await newClient('manager');
    const onV1 = await startInstance(key, client);
    const v2 = await deploy(reviewDiagram(key, 'V2'));
    expect(v2.version).toBe(2);
    const onV2 = await startInstance(key, client);
    expect(onV1.instance.definition?.version).toBe(1);
    expect(onV2.instance.definition?.version).toBe(2);

    for (const { task } of [onV1, onV2]) {
      expect(task.elementId).toBe('Task_Review');
      const completed = await as('manager', 'POST', `/api/tasks/${task.id}/complete`, {});
      expect(completed.status).toBe(200);
    }

    const elementsOf = async (instanceId: string) => {
      const card = await eventually(async () => {
        const response = await as('manager', 'GET', `/api/process-instances/${instanceId}`);
        return response.body.status === 'completed' && response.body;
      });
      return card.events
        .filter((event: { type: string }) => event.type === 'element.completed')
        .map((event: { elementId: string }) => event.elementId);
    };
    expect(await elementsOf(onV1.instance.id)).toEqual([
      'Start',
      'Task_Review',
      'Task_V1Only',
      'End_V1',
    ]);
    expect(await elementsOf(onV2.instance.id)).toEqual([
      'Start',
      'Task_Review',
      'Task_V2Only',
      'End_V2',
    ]);
    const card = await as('manager', 'GET', `/api/clients/${client.id}/card`);
    const subjects = card.body.timeline
      .filter((entry: { type: string }) => entry.type === 'activity')
      .map((entry: { activity: { subject: string } }) => entry.activity.subject);
    expect(subjects.sort()).toEqual(['V1 follow-up', 'V2 follow-up']);
  });
});
