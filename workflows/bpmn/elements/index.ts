/**
 * The compiler's element rules: one per node kind of the model, so a kind the engine
 * runs without a rule here does not compile. What is listed here is what the compiler
 * accepts (see ../capabilities.ts).
 */
import { boundaryMessageEventRule } from './boundary-message-event';
import { boundaryTimerEventRule } from './boundary-timer-event';
import { businessRuleTaskRule } from './business-rule-task';
import { callActivityRule } from './call-activity';
import { boundaryConditionalEventRule, conditionalCatchEventRule } from './conditional-events';
import type { ElementRule, NodeKind, NodeOfKind } from './element-rule';
import { endEventRule } from './end-event';
import { boundaryErrorEventRule, errorEndEventRule } from './error-events';
import {
  boundaryEscalationEventRule,
  escalationEndEventRule,
  escalationThrowEventRule,
} from './escalation-events';
import { eventBasedGatewayRule } from './event-based-gateway';
import { eventSubProcessRule } from './event-sub-process';
import { exclusiveGatewayRule } from './exclusive-gateway';
import { inclusiveGatewayRule } from './inclusive-gateway';
import { linkCatchEventRule } from './link-catch-event';
import { linkThrowEventRule } from './link-throw-event';
import { manualTaskRule } from './manual-task';
import { messageCatchEventRule, receiveTaskRule } from './message-catch';
import { messageEndEventRule } from './message-end-event';
import { messageStartEventRule } from './message-start-event';
import { messageThrowEventRule } from './message-throw-event';
import { noneThrowEventRule } from './none-throw-event';
import { parallelGatewayRule } from './parallel-gateway';
import { scriptTaskRule } from './script-task';
import { sendTaskRule } from './send-task';
import { serviceTaskRule } from './service-task';
import {
  boundarySignalEventRule,
  signalCatchEventRule,
  signalEndEventRule,
  signalThrowEventRule,
} from './signal-events';
import { signalStartEventRule } from './signal-start-event';
import { startEventRule } from './start-event';
import { subProcessRule } from './sub-process';
import { taskRule } from './task';
import { terminateEndEventRule } from './terminate-end-event';
import { timerCatchEventRule } from './timer-catch-event';
import { timerStartEventRule } from './timer-start-event';
import { userTaskRule } from './user-task';

const ELEMENT_RULES: { [K in NodeKind]: ElementRule<NodeOfKind<K>> } = {
  startEvent: startEventRule,
  endEvent: endEventRule,
  exclusiveGateway: exclusiveGatewayRule,
  parallelGateway: parallelGatewayRule,
  serviceTask: serviceTaskRule,
  userTask: userTaskRule,
  timerCatch: timerCatchEventRule,
  task: taskRule,
  manualTask: manualTaskRule,
  scriptTask: scriptTaskRule,
  terminateEndEvent: terminateEndEventRule,
  linkThrow: linkThrowEventRule,
  linkCatch: linkCatchEventRule,
  inclusiveGateway: inclusiveGatewayRule,
  noneThrow: noneThrowEventRule,
  sendTask: sendTaskRule,
  messageThrow: messageThrowEventRule,
  boundaryTimer: boundaryTimerEventRule,
  subProcess: subProcessRule,
  errorEndEvent: errorEndEventRule,
  boundaryError: boundaryErrorEventRule,
  escalationEndEvent: escalationEndEventRule,
  escalationThrow: escalationThrowEventRule,
  boundaryEscalation: boundaryEscalationEventRule,
  messageCatch: messageCatchEventRule,
  receiveTask: receiveTaskRule,
  eventBasedGateway: eventBasedGatewayRule,
  signalCatch: signalCatchEventRule,
  signalThrow: signalThrowEventRule,
  signalEndEvent: signalEndEventRule,
  boundarySignal: boundarySignalEventRule,
  businessRuleTask: businessRuleTaskRule,
  messageStart: messageStartEventRule,
  eventSubProcess: eventSubProcessRule,
  callActivity: callActivityRule,
  messageEndEvent: messageEndEventRule,
  boundaryMessage: boundaryMessageEventRule,
  signalStart: signalStartEventRule,
  timerStart: timerStartEventRule,
  conditionalCatch: conditionalCatchEventRule,
  boundaryConditional: boundaryConditionalEventRule,
};

/** The kinds a process may start with; a subprocess starts with a none start event. */
export const PROCESS_START_KINDS: readonly NodeKind[] = [
  'startEvent',
  'messageStart',
  'signalStart',
  'timerStart',
];

export const ELEMENTS: readonly ElementRule[] = Object.values(ELEMENT_RULES);

export function ruleOf(kind: NodeKind): ElementRule {
  return ELEMENT_RULES[kind];
}

/** The rules for a BPMN type, one per event definition it may carry; none when unsupported. */
export function rulesOfType(type: string): ElementRule[] {
  return ELEMENTS.filter((rule) => rule.type === type);
}

/** The BPMN types that read a flowcard extension element; none for other extensions. */
export function extensionHosts(extension: string): string[] {
  return ELEMENTS.filter(
    (rule) => rule.extension === extension || rule.moreExtensions?.includes(extension),
  ).map((rule) => rule.type);
}
