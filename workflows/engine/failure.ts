import type { ModelNode } from './model';

/** Bad data met while running: ends the instance as failed, blaming the element. */
export class InstanceFailure extends Error {
  constructor(
    readonly elementId: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** The node as error messages name it: `"Qualify application" (Task_Qualify)`, or its id. */
export function describeNode(node: ModelNode): string {
  return node.name ? `"${node.name}" (${node.id})` : node.id;
}
