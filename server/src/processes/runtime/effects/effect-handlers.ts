import type { Effect } from '#workflows/engine/types';
import { addNoteHandler } from './add-note.handler';
import { assignClientOwnerHandler } from './assign-client-owner.handler';
import { cancelUserTaskHandler, completeUserTaskHandler } from './close-user-task.handler';
import { createActivityHandler } from './create-activity.handler';
import { createDealHandler } from './create-deal.handler';
import type { EffectBatch, EffectHandler } from './effect-batch';
import { elementEventHandler } from './element-event.handler';
import { incidentRaisedHandler, incidentResolvedHandler } from './incident.handler';
import { instanceEndedHandler } from './instance-ended.handler';
import { closeMessageWaitHandler, openMessageWaitHandler } from './message-wait.handler';
import { openUserTaskHandler } from './open-user-task.handler';
import { publishMessageHandler } from './publish-message.handler';
import { setClientStatusHandler } from './set-client-status.handler';
import { setDealStageHandler } from './set-deal-stage.handler';
import { startCalledInstanceHandler } from './start-called-instance.handler';
import {
  broadcastSignalHandler,
  closeSignalWaitHandler,
  openSignalWaitHandler,
} from './signal.handler';
import { variablesChangedHandler } from './variables-changed.handler';

/** One handler per effect type: a new type in the engine does not compile until it has one. */
const effectHandlers: { [T in Effect['type']]: EffectHandler<T> } = {
  elementStarted: elementEventHandler,
  elementCompleted: elementEventHandler,
  elementTerminated: elementEventHandler,
  createActivity: createActivityHandler,
  setClientStatus: setClientStatusHandler,
  createDeal: createDealHandler,
  setDealStage: setDealStageHandler,
  addNote: addNoteHandler,
  assignClientOwner: assignClientOwnerHandler,
  openUserTask: openUserTaskHandler,
  completeUserTask: completeUserTaskHandler,
  cancelUserTask: cancelUserTaskHandler,
  openMessageWait: openMessageWaitHandler,
  closeMessageWait: closeMessageWaitHandler,
  openSignalWait: openSignalWaitHandler,
  closeSignalWait: closeSignalWaitHandler,
  broadcastSignal: broadcastSignalHandler,
  startCalledInstance: startCalledInstanceHandler,
  publishMessage: publishMessageHandler,
  variablesChanged: variablesChangedHandler,
  instanceEnded: instanceEndedHandler,
  incidentRaised: incidentRaisedHandler,
  incidentResolved: incidentResolvedHandler,
};

/** Writes one effect of a batch with the handler of its type. */
export function writeEffect(batch: EffectBatch, effect: Effect): Promise<void> {
  // The map above pairs each type with its handler; TypeScript cannot follow that pairing
  // through `effect.type`, so the lookup is widened to a handler of any effect.
  const handler = effectHandlers[effect.type] as EffectHandler<Effect['type']>;
  return handler(batch, effect);
}
