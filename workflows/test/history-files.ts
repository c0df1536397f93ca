/**
 * Temporal histories as files, for the replay test (`workflows/temporal/replay.spec.ts`) and
 * their recorder (`test/record-histories.ts`). The SDK's JSON form (`historyToJSON`,
 * `historyFromJSON`) fails with the protobufjs copies installed beside each other here ("type
 * must be a Type"), so a file holds protobufjs's object form of the history instead: the same
 * field names, enums by name, 64-bit numbers and bytes (payloads) as strings.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { PROCESS_WORKFLOW_TYPE, type ProcessInstanceInput } from '../temporal/contract';
import { TIMER_START_WORKFLOW_TYPE } from '../temporal/timer-start-contract';

const { History } = temporal.api.history.v1;

export function historyToFile(history: temporal.api.history.v1.IHistory): string {
  const object = History.toObject(History.fromObject(history), {
    enums: String,
    longs: String,
    bytes: String,
  });
  return `${JSON.stringify(object, null, 2)}\n`;
}

export function historyFromFile(text: string): temporal.api.history.v1.History {
  return History.fromObject(JSON.parse(text));
}

/**
 * A recorded run: the file stem it is kept under (its process id, `<process id>-timer-start` for
 * a fire of a timer start schedule) and what it shows, as `<what>:<which>` names: the workflow,
 * each kind of history event, update, signal and marker, each element kind (with
 * `interrupting`/`cancel` where it has them, multi-instance and loops), and whether a call
 * activity started it (`input:called`), it resumed a run that continued as new, and the patch
 * level it started at (`input:patchLevel=<level or none>`, see `workflows/temporal/patches.ts`).
 */
export interface RecordedRun {
  stem: string;
  features: Set<string>;
}

function firstPayload<T>(payloads: temporal.api.common.v1.IPayload[] | null | undefined): T | null {
  return payloads?.[0] ? defaultPayloadConverter.fromPayload<T>(payloads[0]) : null;
}

/** What a history shows, by the workflow's input and its events; null for another workflow. */
export function historyFeatures(history: temporal.api.history.v1.IHistory): RecordedRun | null {
  const events = history.events ?? [];
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const workflowType = started?.workflowType?.name;
  const features = new Set<string>([`workflow:${workflowType}`]);
  for (const event of events) {
    const eventType = Number(event.eventType);
    features.add(`event:${temporal.api.enums.v1.EventType[eventType] ?? eventType}`);
    const update = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
    if (update?.name) features.add(`update:${update.name}`);
    const signal = event.workflowExecutionSignaledEventAttributes?.signalName;
    if (signal) features.add(`signal:${signal}`);
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName) features.add(`marker:${marker.markerName}`);
  }
  if (workflowType === TIMER_START_WORKFLOW_TYPE) {
    const child = events
      .map((event) => event.startChildWorkflowExecutionInitiatedEventAttributes?.input?.payloads)
      .find(Boolean);
    const input = firstPayload<ProcessInstanceInput>(child);
    return input ? { stem: `${input.model.processId}-timer-start`, features } : null;
  }
  if (workflowType !== PROCESS_WORKFLOW_TYPE) return null;
  const input = firstPayload<ProcessInstanceInput>(started?.input?.payloads);
  if (!input) return null;
  features.add(`process:${input.model.processId}`);
  if (input.called) features.add('input:called');
  if (input.resumed) features.add('input:resumed');
  features.add(`input:patchLevel=${input.patchLevel ?? 'none'}`);
  for (const node of Object.values(input.model.nodes)) {
    features.add(`kind:${node.kind}`);
    if ('interrupting' in node) features.add(`kind:${node.kind}:interrupting=${node.interrupting}`);
    if ('cancelActivity' in node) features.add(`kind:${node.kind}:cancel=${node.cancelActivity}`);
    if (node.multiInstance) {
      features.add(`multiInstance:${node.multiInstance.sequential ? 'sequential' : 'parallel'}`);
    }
    if (node.loop) features.add('loop');
  }
  return { stem: input.model.processId, features };
}
