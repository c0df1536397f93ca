/**
 * The behaviour of each node kind. Typed over every kind of the model: a kind added to
 * `ModelNode` without a behaviour here does not compile.
 */
import type { ModelNode } from '../model';
import { caughtBoundaryEvent } from './boundary-caught-event';
import { boundaryMessageEventBehaviour } from './boundary-message-event';
import { callActivityBehaviour } from './call-activity';
import { boundaryTimerEventBehaviour } from './boundary-timer-event';
import {
  boundaryConditionalEventBehaviour,
  conditionalCatchEventBehaviour,
} from './conditional-events';
import type { ElementBehaviour, NodeKind, NodeOfKind } from './element-behaviour';
import { endEventBehaviour } from './end-event';
import { errorEndEventBehaviour } from './error-end-event';
import { escalationEndEventBehaviour, escalationThrowEventBehaviour } from './escalation-events';
import { eventBasedGatewayBehaviour } from './event-based-gateway';
import { eventSubProcessBehaviour } from './event-sub-process';
import { exclusiveGatewayBehaviour } from './exclusive-gateway';
import { inclusiveGatewayBehaviour } from './inclusive-gateway';
import { linkCatchEventBehaviour } from './link-catch-event';
import { linkThrowEventBehaviour } from './link-throw-event';
import { manualTaskBehaviour } from './manual-task';
import { messageCatchEventBehaviour, receiveTaskBehaviour } from './message-catch';
import { messageEndEventBehaviour } from './message-end-event';
import { messageThrowEventBehaviour } from './message-throw-event';
import { noneThrowEventBehaviour } from './none-throw-event';
import { parallelGatewayBehaviour } from './parallel-gateway';
import { businessRuleTaskBehaviour, scriptTaskBehaviour } from './script-task';
import { sendTaskBehaviour } from './send-task';
import { serviceTaskBehaviour } from './service-task';
import {
  boundarySignalEventBehaviour,
  signalCatchEventBehaviour,
  signalEndEventBehaviour,
  signalThrowEventBehaviour,
} from './signal-events';
import { startEventBehaviour } from './start-event';
import { subProcessBehaviour } from './sub-process';
import { taskBehaviour } from './task';
import { terminateEndEventBehaviour } from './terminate-end-event';
import { timerCatchEventBehaviour } from './timer-catch-event';
import { userTaskBehaviour } from './user-task';

const ELEMENT_BEHAVIOURS: { [K in NodeKind]: ElementBehaviour<NodeOfKind<K>> } = {
  startEvent: startEventBehaviour,
  endEvent: endEventBehaviour,
  exclusiveGateway: exclusiveGatewayBehaviour,
  parallelGateway: parallelGatewayBehaviour,
  serviceTask: serviceTaskBehaviour,
  userTask: userTaskBehaviour,
  timerCatch: timerCatchEventBehaviour,
  task: taskBehaviour,
  manualTask: manualTaskBehaviour,
  scriptTask: scriptTaskBehaviour,
  terminateEndEvent: terminateEndEventBehaviour,
  linkThrow: linkThrowEventBehaviour,
  linkCatch: linkCatchEventBehaviour,
  inclusiveGateway: inclusiveGatewayBehaviour,
  noneThrow: noneThrowEventBehaviour,
  sendTask: sendTaskBehaviour,
  messageThrow: messageThrowEventBehaviour,
  boundaryTimer: boundaryTimerEventBehaviour,
  subProcess: subProcessBehaviour,
  errorEndEvent: errorEndEventBehaviour,
  boundaryError: caughtBoundaryEvent(),
  escalationEndEvent: escalationEndEventBehaviour,
  escalationThrow: escalationThrowEventBehaviour,
  boundaryEscalation: caughtBoundaryEvent(),
  messageCatch: messageCatchEventBehaviour,
  receiveTask: receiveTaskBehaviour,
  eventBasedGateway: eventBasedGatewayBehaviour,
  signalCatch: signalCatchEventBehaviour,
  signalThrow: signalThrowEventBehaviour,
  signalEndEvent: signalEndEventBehaviour,
  boundarySignal: boundarySignalEventBehaviour,
  businessRuleTask: businessRuleTaskBehaviour,
  messageStart: startEventBehaviour,
  eventSubProcess: eventSubProcessBehaviour,
  callActivity: callActivityBehaviour,
  messageEndEvent: messageEndEventBehaviour,
  boundaryMessage: boundaryMessageEventBehaviour,
  signalStart: startEventBehaviour,
  timerStart: startEventBehaviour,
  conditionalCatch: conditionalCatchEventBehaviour,
  boundaryConditional: boundaryConditionalEventBehaviour,
};

/** The behaviour of the node's kind; call it with this same node. */
export function behaviourOf(node: ModelNode): ElementBehaviour<ModelNode> {
  return ELEMENT_BEHAVIOURS[node.kind];
}
