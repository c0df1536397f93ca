/**
 * Event subprocesses (`bpmn:subProcess triggeredByEvent="true"`): the event definition of the
 * one start event inside says what starts them, its `isInterrupting` whether they interrupt
 * their scope. The start event compiles here, not through the start event rules, since what
 * it may carry differs from a process's start event.
 */
import type { EventSubProcessNode, EventSubProcessTrigger } from '../../engine/model';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import type { CompileLimits, ElementRule } from './element-rule';
import { ERROR, ESCALATION, MESSAGE, SIGNAL, TIMER } from './event-definitions';
import { awaitedMessage } from './messages';
import { codeOf } from './thrown-codes';
import { compileTimer } from './timers';
import { present } from '../values';

/** The event definitions an event subprocess's start event may carry. */
export const EVENT_SUB_PROCESS_STARTS = [TIMER, MESSAGE, SIGNAL, ERROR, ESCALATION];

/** Those that may leave their scope running (`isInterrupting="false"`): an error always interrupts. */
const NON_INTERRUPTING_STARTS = [TIMER, MESSAGE, SIGNAL, ESCALATION];

export const eventSubProcessRule: ElementRule<EventSubProcessNode> = {
  kind: 'eventSubProcess',
  type: 'bpmn:SubProcess',
  triggeredByEvent: true,
  startEventDefinitions: EVENT_SUB_PROCESS_STARTS,
  nonInterruptingStartEventDefinitions: NON_INTERRUPTING_STARTS,
  eventDefinition: null,
  displayName: 'Event subprocess',
  extension: null,
  incoming: false,
  outgoing: false,
  choosesFlow: false,

  compile({ base, id, element, compileInner, limits }, issues) {
    if (element.loopCharacteristics) {
      issues.error(id, 'an event subprocess cannot loop');
      return null;
    }
    // Its start event runs as a none start event; what it carries becomes the trigger.
    const inner = compileInner((startBase) => ({ ...startBase, kind: 'startEvent' }));
    if (inner === null) return null;
    const start = (element.flowElements ?? []).find((node) => node.id === inner.startNodeId);
    const started = start ? compileStart(start, inner.startNodeId, issues, limits) : null;
    return started === null ? null : { ...base, kind: 'eventSubProcess', ...inner, ...started };
  },
};

/** What starts the event subprocess, from its start event; null after reporting why not. */
function compileStart(
  start: BpmnElement,
  id: string,
  issues: Issues,
  limits: CompileLimits,
): { trigger: EventSubProcessTrigger; interrupting: boolean } | null {
  const definitions = start.eventDefinitions ?? [];
  const allowed = EVENT_SUB_PROCESS_STARTS.map((definition) => definition.type);
  if (definitions.length !== 1 || !allowed.includes(definitions[0].$type)) {
    issues.error(id, `the start event of an event subprocess carries one of ${allowed.join(', ')}`);
    return null;
  }
  const [definition] = definitions;
  const interrupting = start.isInterrupting !== false;
  const trigger = compileTrigger(start, definition, id, issues, limits);
  if (trigger === null) return null;
  if (!interrupting && !NON_INTERRUPTING_STARTS.some(({ type }) => type === definition.$type)) {
    issues.error(id, `an ${trigger.kind} start event always interrupts (isInterrupting="false")`);
    return null;
  }
  return { trigger, interrupting };
}

function compileTrigger(
  start: BpmnElement,
  definition: BpmnElement,
  id: string,
  issues: Issues,
  limits: CompileLimits,
): EventSubProcessTrigger | null {
  switch (definition.$type) {
    case TIMER.type: {
      const timer = compileTimer(start, id, issues, limits);
      return timer === null ? null : { kind: 'timer', ...timer };
    }
    case MESSAGE.type: {
      const subscription = start.extensionElements?.values?.find(
        (extension) => extension.$type === 'flowcard:Subscription',
      );
      const awaited = awaitedMessage(definition.messageRef, subscription, id, issues);
      if (awaited === null) return null;
      if (awaited.correlationKey === null || awaited.trigger) {
        issues.error(id, 'an event subprocess is started by a message with a correlation key only');
        return null;
      }
      return {
        kind: 'message',
        messageName: awaited.messageName,
        correlationKey: awaited.correlationKey,
      };
    }
    case SIGNAL.type: {
      const signalName = present(definition.signalRef?.name)?.trim() ?? null;
      if (signalName === null) {
        issues.error(id, 'the signal has no name: refer to a named bpmn:signal (signalRef)');
        return null;
      }
      return { kind: 'signal', signalName };
    }
    case ERROR.type:
      return { kind: 'error', errorCode: codeOf(start) };
    default:
      return { kind: 'escalation', escalationCode: codeOf(start) };
  }
}
