/**
 * Moving a running instance to another version of its process: the element ids of its state
 * are rewritten by a mapping (from element id → to element id); an element the mapping does not
 * name keeps its id. Pure, so the API checks a migration with the same rule the workflow's
 * update validator applies.
 */
import type { ExecutableModel } from './model';
import type { EngineState } from './types';

export type ElementMapping = Record<string, string>;

/** Where the mapping sends an element: its own entry, else the same id. */
function mapped(mapping: ElementMapping, id: string): string {
  return Object.hasOwn(mapping, id) ? mapping[id] : id;
}

/** The elements of the state with a token, a wait or a join, by the id they have now. */
export function occupiedElements(state: EngineState): string[] {
  const ids = new Set<string>([
    ...state.tokens.map((token) => token.nodeId),
    ...state.waits.map((wait) => wait.elementId),
    ...Object.keys(state.joins),
  ]);
  return [...ids];
}

/** The occupied elements that would land on no element of the target model. */
export function unmappedElements(
  state: EngineState,
  target: ExecutableModel,
  mapping: ElementMapping,
): string[] {
  return occupiedElements(state).filter((id) => !Object.hasOwn(target.nodes, mapped(mapping, id)));
}

/** The state with every element id rewritten by the mapping. */
export function migrateState(state: EngineState, mapping: ElementMapping): EngineState {
  const to = (id: string) => mapped(mapping, id);
  return {
    ...state,
    tokens: state.tokens.map((token) => ({ ...token, nodeId: to(token.nodeId) })),
    waits: state.waits.map((wait) => ({ ...wait, elementId: to(wait.elementId) })),
    joins: Object.fromEntries(Object.entries(state.joins).map(([id, flows]) => [to(id), flows])),
  };
}
