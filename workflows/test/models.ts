/** Hand-built models for the engine tests, for shapes the fixtures do not have. */
import type { ExecutableModel, ModelNode } from '../engine/model';

/** A node without the fields `graph` fills in. */
export type NodeSpec = ModelNode extends infer N
  ? N extends ModelNode
    ? Omit<N, 'id' | 'name' | 'incoming' | 'outgoing'>
    : never
  : never;

/** A model from node specs and `[flowId, sourceId, targetId, condition?]` rows; the first node starts. */
export function graph(
  nodes: Record<string, NodeSpec>,
  flows: [string, string, string, string?][],
): ExecutableModel {
  const model: ExecutableModel = {
    processId: 'scripted',
    name: null,
    startNodeId: Object.keys(nodes)[0],
    nodes: {},
    flows: {},
  };
  for (const [id, spec] of Object.entries(nodes)) {
    model.nodes[id] = { id, name: null, incoming: [], outgoing: [], ...spec } as ModelNode;
  }
  for (const [id, sourceId, targetId, condition] of flows) {
    model.flows[id] = { id, name: null, sourceId, targetId, condition: condition ?? null };
    model.nodes[sourceId].outgoing.push(id);
    model.nodes[targetId].incoming.push(id);
  }
  return model;
}

/** A service task creating a CRM task with the given subject. */
export const createTask = (subject: string): NodeSpec => ({
  kind: 'serviceTask',
  action: { type: 'createTask', subject, dueIn: null, assignee: null },
});

/** mulberry32: a tiny seeded PRNG, so a failing seed can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
