import type { ExecutableModel, ModelNode } from './model';

/**
 * The nodes a token at `node` moves to next: along its outgoing flows, a link's jump, or the
 * boundary events attached to it.
 */
function successors(model: ExecutableModel, node: ModelNode): string[] {
  const targets = node.outgoing.map((flowId) => model.flows[flowId].targetId);
  if (node.kind === 'linkThrow') targets.push(node.targetId);
  for (const candidate of Object.values(model.nodes)) {
    if ('attachedToId' in candidate && candidate.attachedToId === node.id) {
      targets.push(candidate.id);
    }
  }
  return targets;
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
