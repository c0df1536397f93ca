import type { ModelNode } from './model';

/**
 * Bad data met while running: the step stops at an incident on the element (see
 * `./incidents`), typed by `code` (`EXPRESSION_FAILED`, ...).
 */
export class InstanceFailure extends Error {
  constructor(
    readonly elementId: string | null,
    message: string,
    readonly code = 'STEP_FAILED',
  ) {
    super(message);
  }
}

/** The node as error messages name it: `"Qualify application" (Task_Qualify)`, or its id. */
export function describeNode(node: ModelNode): string {
  return node.name ? `"${node.name}" (${node.id})` : node.id;
}
