import type { SimulatedEffect } from '../types';

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const json = (value: unknown) => JSON.stringify(value ?? {});

/** What a simulated effect would do, in words, for the test run's list of effects. */
export function effectText(effect: SimulatedEffect): string {
  const field = (name: string) => text(effect[name]);
  switch (effect.type) {
    case 'createActivity': {
      const assignee = field('assignee');
      return `Plan a ${field('activityKind')} “${field('subject')}” for ${assignee || "the client's owner"}`;
    }
    case 'setClientStatus':
      return `Set the client's status to ${field('status')}`;
    case 'createDeal':
      return `Create the deal “${field('title')}”`;
    case 'setDealStage':
      return `Move the deal to stage ${field('stageId')}`;
    case 'addNote':
      return `Add the note “${field('subject')}”`;
    case 'assignClientOwner':
      return `Make ${field('owner')} the client's owner`;
    case 'openUserTask': {
      const role = field('candidateRole');
      const assignee = field('assignee');
      const who = assignee ? ` for ${assignee}` : role ? ` for the role ${role}` : '';
      return `Open the task “${field('name')}”${who}`;
    }
    case 'completeUserTask':
      return `Complete the task with ${json(effect.variables)}`;
    case 'cancelUserTask':
      return 'Cancel the task';
    case 'variablesChanged':
      return `Set the variables ${json(effect.variables)}`;
    case 'instanceEnded':
      return `End the instance (${field('status')})`;
    case 'startCalledInstance':
      return `Start an instance of ${field('processKey')}`;
    case 'publishMessage':
      return `Publish the message ${field('messageName')}`;
    case 'openMessageWait':
      return `Wait for the message ${field('messageName')}`;
    case 'broadcastSignal':
      return `Broadcast the signal ${field('signalName')}`;
    case 'openSignalWait':
      return `Wait for the signal ${field('signalName')}`;
    case 'incidentRaised':
      return `Raise an incident: ${field('message')}`;
    default:
      return effect.type;
  }
}
