/**
 * Which events a state takes: the rule `advance` applies, and the workflow's update validators
 * apply before an event is accepted.
 */
import { openIncident } from './incidents';
import type { ExecutableModel } from './model';
import { isPlainObject } from './plain-object';
import { describeProblems, outputProblems } from './task-outputs';
import type { EngineEvent, EngineState } from './types';

/** Why the event cannot be applied to this state, or null if it can. */
export function validateEvent(
  model: ExecutableModel,
  state: EngineState,
  event: EngineEvent,
): string | null {
  if (state.status === 'incident') {
    const incident = openIncident(state);
    if (event.type === 'incidentRetried') {
      return event.incidentKey === incident.key
        ? null
        : `there is no open incident with key "${event.incidentKey}"`;
    }
    if (event.type !== 'variablesChanged' && event.type !== 'cancelRequested') {
      return `the instance has an incident on ${incident.elementId ?? 'the process'}; retry it first`;
    }
  } else if (state.status !== 'running') {
    return `the instance is ${state.status}`;
  }
  switch (event.type) {
    case 'userTaskCompleted': {
      const wait = state.waits.find((candidate) => candidate.waitKey === event.waitKey);
      if (wait?.kind !== 'userTask') {
        return `there is no open user task with key "${event.waitKey}"`;
      }
      if (!isPlainObject(event.variables)) return 'variables must be an object of name → value';
      const task = model.nodes[wait.elementId];
      const problems = outputProblems(
        task?.kind === 'userTask' ? task.outputs : undefined,
        event.variables,
      );
      return problems.length > 0 ? describeProblems(problems) : null;
    }
    case 'timerFired': {
      const wait = state.waits.find((candidate) => candidate.waitKey === event.waitKey);
      return wait?.kind === 'timer'
        ? null
        : `there is no running timer with key "${event.waitKey}"`;
    }
    case 'timerBeyondMaximum': {
      const wait = state.waits.find((candidate) => candidate.waitKey === event.waitKey);
      return wait?.kind === 'timer' && 'dueAt' in wait
        ? null
        : `there is no running timer until a date with key "${event.waitKey}"`;
    }
    case 'messageReceived': {
      const wait = state.waits.find((candidate) => candidate.waitKey === event.waitKey);
      if (wait?.kind !== 'message') {
        return `nothing waits for a message with key "${event.waitKey}"`;
      }
      if (!isPlainObject(event.variables)) return 'variables must be an object of name → value';
      return null;
    }
    case 'signalReceived': {
      const waiting = state.waits.some(
        (wait) => wait.kind === 'signal' && wait.signalName === event.signalName,
      );
      if (!waiting) return `nothing waits for the signal "${event.signalName}"`;
      if (!isPlainObject(event.variables)) return 'variables must be an object of name → value';
      return null;
    }
    case 'calledInstanceEnded': {
      const wait = state.waits.find((candidate) => candidate.waitKey === event.waitKey);
      if (wait?.kind !== 'calledInstance') {
        return `nothing waits for a called instance with key "${event.waitKey}"`;
      }
      if (!isPlainObject(event.variables)) return 'variables must be an object of name → value';
      return null;
    }
    case 'cancelRequested':
      return null;
    case 'variablesChanged':
      return isPlainObject(event.variables) ? null : 'variables must be an object of name → value';
    case 'incidentRetried':
      return 'the instance has no open incident';
    default:
      return `unknown event type "${(event as { type: unknown }).type}"`;
  }
}
