import type { ExecutableModel, ModelNode } from '#workflows/engine/model';
import { elementsImpact, type OpenElement } from './change-impact';

function model(nodes: Record<string, ModelNode['kind']>): ExecutableModel {
  return {
    processId: 'p',
    name: null,
    startNodeId: 'Start',
    flows: {},
    nodes: Object.fromEntries(
      Object.entries(nodes).map(([id, kind]) => [
        id,
        { id, kind, name: null, incoming: [], outgoing: [] } as unknown as ModelNode,
      ]),
    ),
  };
}

const open = (instanceId: string, elementId: string, kind: string, version = 1): OpenElement => ({
  instanceId,
  clientId: null,
  version,
  elementId,
  kind,
  name: elementId,
});

describe('elementsImpact', () => {
  const next = model({ Start: 'startEvent', Task_Close: 'userTask', Task_Check: 'serviceTask' });

  it('counts instances per element and lists those whose element is gone or changed kind', () => {
    const impact = elementsImpact(
      [
        open('a', 'Task_Qualify', 'userTask'),
        open('b', 'Task_Qualify', 'userTask', 2),
        open('c', 'Task_Close', 'userTask', 2),
        open('d', 'Task_Check', 'userTask'),
        // Two tokens of one instance in the same element count it once.
        open('a', 'Task_Qualify', 'userTask'),
      ],
      next,
    );
    expect(impact.elements).toEqual([
      {
        elementId: 'Task_Qualify',
        elementName: 'Task_Qualify',
        kind: 'userTask',
        instances: 2,
        versions: [1, 2],
        newKind: null,
        change: 'removed',
      },
      expect.objectContaining({
        elementId: 'Task_Check',
        instances: 1,
        newKind: 'serviceTask',
        change: 'kindChanged',
      }),
      expect.objectContaining({ elementId: 'Task_Close', instances: 1, change: 'unchanged' }),
    ]);
    expect(impact.instancesNeedingMapping).toEqual([
      { instanceId: 'a', clientId: null, version: 1, elementIds: ['Task_Qualify'] },
      { instanceId: 'b', clientId: null, version: 2, elementIds: ['Task_Qualify'] },
      { instanceId: 'd', clientId: null, version: 1, elementIds: ['Task_Check'] },
    ]);
  });

  it('needs no mapping when every waited-on element stays as it was', () => {
    const impact = elementsImpact([open('c', 'Task_Close', 'userTask')], next);
    expect(impact.instancesNeedingMapping).toEqual([]);
    expect(impact.elements).toHaveLength(1);
    expect(elementsImpact([], next)).toEqual({ elements: [], instancesNeedingMapping: [] });
  });
});
