/**
 * Incidents: a step that cannot proceed leaves the instance as it was before that step and
 * holds the step until a supervisor retries it (or cancels the instance).
 *
 * A step is all or nothing, as its batch is one transaction: when an expression fails in the
 * engine, or the database refuses the batch, none of the step's effects exist. The incident
 * keeps the state from before the step and the event that caused it (`OpenIncident.pending`).
 * Variables the event brought (a user task's answers, a message's payload) are kept in the
 * instance's variables at once, so the supervisor sees and may correct them; a retry applies the
 * event again with the variables as they are then. While the incident is open the instance only
 * takes variable changes, the retry and a cancel.
 */
import { InstanceFailure } from './failure';
import type { Effect, EngineState, OpenIncident, PendingStep, Step } from './types';

/** What stopped a step, as the incident records it. */
export interface IncidentCause {
  elementId: string | null;
  code: string;
  message: string;
  attempts: number;
}

/**
 * Runs a step; an `InstanceFailure` in it raises an incident on the state from `before`
 * instead. Other errors are programming errors and still throw.
 */
export function orIncident(before: EngineState, failed: PendingStep, step: () => Step): Step {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof InstanceFailure)) throw error;
    const { elementId, code, message } = error;
    return raiseIncident(before, failed, { elementId, code, message, attempts: 1 });
  }
}

/**
 * The step that failed, from the state before it, as an incident. A failed retry resolves the
 * incident it retried and raises a new one holding the same step.
 */
export function raiseIncident(
  before: EngineState,
  failed: PendingStep,
  cause: IncidentCause,
): Step {
  const effects: Effect[] = [];
  let state: EngineState = { ...before };
  let pending: PendingStep;
  if (failed.type === 'incidentRetried') {
    const retried = openIncident(before);
    effects.push(incidentResolved(retried, 'retried', failed.by));
    pending = retried.pending;
  } else {
    pending = failed;
    const brought = broughtVariables(failed);
    if (brought) {
      state.variables = { ...state.variables, ...brought.variables };
      effects.push({
        type: 'variablesChanged',
        key: `${state.instanceId}:${state.seq}`,
        variables: state.variables,
        by: brought.by,
      });
      state.seq += 1;
    }
  }
  const count = (state.incidentCount ?? 0) + 1;
  const key = `${state.instanceId}:incident:${count}`;
  effects.push({ type: 'incidentRaised', key, ...cause });
  const { elementId, code, message } = cause;
  state = {
    ...state,
    status: 'incident',
    incidentCount: count,
    incident: { key, elementId, code, message, pending },
  };
  return { state, commands: [{ type: 'writeEffects', effects }] };
}

/**
 * The held step as a retry applies it: the variables it brought take their values as they are
 * now (a supervisor may have corrected them), so the retry does not undo the correction.
 */
export function pendingForRetry(incident: OpenIncident, state: EngineState): PendingStep {
  const { pending } = incident;
  const brought = broughtVariables(pending);
  if (!brought) return pending;
  const names = Object.keys(brought.variables);
  const variables = Object.fromEntries(names.map((name) => [name, state.variables[name]]));
  return { ...pending, variables } as PendingStep;
}

export function openIncident(state: EngineState): OpenIncident {
  if (state.status !== 'incident' || !state.incident) {
    throw new Error(`instance ${state.instanceId} has no open incident`);
  }
  return state.incident;
}

export function incidentResolved(
  incident: OpenIncident,
  resolution: 'retried' | 'cancelled',
  by: string | null,
): Effect {
  return {
    type: 'incidentResolved',
    key: `${incident.key}:resolved`,
    incidentKey: incident.key,
    resolution,
    by,
  };
}

/** The variables an event brings into the instance, and who brought them. */
function broughtVariables(
  step: PendingStep,
): { variables: Record<string, unknown>; by: string | null } | null {
  switch (step.type) {
    case 'userTaskCompleted':
      return nonEmpty(step.variables) ? { variables: step.variables, by: step.completedBy } : null;
    case 'messageReceived':
    case 'signalReceived':
      return nonEmpty(step.variables) ? { variables: step.variables, by: null } : null;
    default:
      return null;
  }
}

function nonEmpty(variables: Record<string, unknown>): boolean {
  return Object.keys(variables).length > 0;
}
