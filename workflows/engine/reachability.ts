import type { ExecutableModel, ModelNode } from './model';

/** The nodes a token at `node` moves to next: along its outgoing flows, or a link's jump. */
function successors(model: ExecutableModel, node: ModelNode): string[] {
  const targets = node.outgoing.map((flowId) => model.flows[flowId].targetId);
  return node.kind === 'linkThrow' ? [...targets, node.targetId] : targets;
}

/** Whether a token at `fromId` can get to `toId` along sequence flows and link events. */
export function canReach(model: ExecutableModel, fromId: string, toId: string): boolean {
  const seen = new Set<string>([fromId]);
  const queue = [fromId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of successors(model, model.nodes[id])) {
      if (next === toId) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}
