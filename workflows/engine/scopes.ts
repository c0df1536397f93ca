import type { EventSubProcessNode, ExecutableModel, ModelNode, SubProcessNode } from './model';

/**
 * The id of the subprocess (embedded or event subprocess) the node is directly inside, or null
 * for the process itself.
 */
export function scopeOf(model: ExecutableModel, nodeId: string): string | null {
  for (const node of Object.values(model.nodes)) {
    if (isScope(node) && node.nodeIds.includes(nodeId)) return node.id;
  }
  return null;
}

/** Whether the node holds nodes of its own: an embedded or an event subprocess. */
export function isScope(node: ModelNode): node is SubProcessNode | EventSubProcessNode {
  return node.kind === 'subProcess' || node.kind === 'eventSubProcess';
}

/** The event subprocesses directly inside the scope (null for the process itself). */
export function eventSubProcessesIn(
  model: ExecutableModel,
  scopeId: string | null,
): EventSubProcessNode[] {
  return Object.values(model.nodes).filter(
    (node): node is EventSubProcessNode =>
      node.kind === 'eventSubProcess' && scopeOf(model, node.id) === scopeId,
  );
}

/** Whether the node lies inside the subprocess, directly or in a subprocess nested in it. */
export function isInside(model: ExecutableModel, nodeId: string, subProcessId: string): boolean {
  for (let scope = scopeOf(model, nodeId); scope !== null; scope = scopeOf(model, scope)) {
    if (scope === subProcessId) return true;
  }
  return false;
}

/** How many subprocesses the node lies in: 0 for a node of the process itself. */
export function depthOf(model: ExecutableModel, nodeId: string): number {
  let depth = 0;
  for (let scope = scopeOf(model, nodeId); scope !== null; scope = scopeOf(model, scope)) depth++;
  return depth;
}
