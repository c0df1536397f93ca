import type { BoundaryErrorNode, BoundaryEscalationNode } from '../model';
import type { ElementBehaviour } from './element-behaviour';

/** Error and escalation boundary events fire when a throw inside their subprocess reaches them. */
export function caughtBoundaryEvent<
  N extends BoundaryErrorNode | BoundaryEscalationNode,
>(): ElementBehaviour<N> {
  return {
    enter(boundary, token) {
      throw new Error(`token ${token.id} entered boundary event ${boundary.id} along a flow`);
    },
  };
}
