import { migrateState, unmappedElements } from './migration';
import type { ExecutableModel } from './model';
import type { EngineState } from './types';

const state: EngineState = {
  instanceId: 'i',
  status: 'running',
  seq: 5,
  variables: {},
  tokens: [
    { id: 't1', nodeId: 'Task_Review' },
    { id: 't2', nodeId: 'Timer_Wait' },
  ],
  waits: [
    { kind: 'userTask', waitKey: 'i:2', tokenId: 't1', elementId: 'Task_Review' },
    { kind: 'timer', waitKey: 'i:3', tokenId: 't2', elementId: 'Timer_Wait', durationMs: 1000 },
  ],
  joins: { Join: ['Flow_A'] },
};

const target = {
  nodes: { Task_ReviewLead: {}, Timer_Wait: {}, Join: {} },
} as unknown as ExecutableModel;

describe('migration of the engine state', () => {
  it('names the occupied elements the target lacks without a mapping', () => {
    expect(unmappedElements(state, target, {})).toEqual(['Task_Review']);
    expect(unmappedElements(state, target, { Task_Review: 'Task_ReviewLead' })).toEqual([]);
    expect(unmappedElements(state, target, { Task_Review: 'constructor' })).toEqual([
      'Task_Review',
    ]);
  });

  it('rewrites tokens, waits and joins by the mapping and keeps keys and the rest', () => {
    const migrated = migrateState(state, { Task_Review: 'Task_ReviewLead', Join: 'Join_2' });
    expect(migrated.tokens).toEqual([
      { id: 't1', nodeId: 'Task_ReviewLead' },
      { id: 't2', nodeId: 'Timer_Wait' },
    ]);
    expect(migrated.waits.map((wait) => [wait.waitKey, wait.elementId])).toEqual([
      ['i:2', 'Task_ReviewLead'],
      ['i:3', 'Timer_Wait'],
    ]);
    expect(migrated.joins).toEqual({ Join_2: ['Flow_A'] });
    expect(migrated.seq).toBe(5);
  });
});
