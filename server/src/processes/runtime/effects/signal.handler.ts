import { SignalBroadcast } from '#server/processes/signals/signal-broadcast.entity';
import { SignalWait } from '#server/processes/signals/signal-wait.entity';
import type { EffectHandler } from './effect-batch';

/** A signal wait a broadcast can find by name; a retried batch inserts nothing. */
export const openSignalWaitHandler: EffectHandler<'openSignalWait'> = async (batch, effect) => {
  await batch.manager
    .createQueryBuilder()
    .insert()
    .into(SignalWait)
    .values({
      instanceId: batch.instance.id,
      elementId: effect.elementId,
      waitKey: effect.waitKey,
      signalName: effect.signalName,
      status: 'open',
    })
    .orIgnore()
    .execute();
};

/** The signal came or the wait was cancelled; a wait already closed stays as it is. */
export const closeSignalWaitHandler: EffectHandler<'closeSignalWait'> = async (batch, effect) => {
  await batch.manager.update(
    SignalWait,
    { waitKey: effect.waitKey, status: 'open' },
    { status: effect.status, closedAt: batch.now },
  );
};

/**
 * Records the thrown signal for the relay, in the batch's transaction: it is delivered once
 * the batch commits, and never when the batch does not.
 */
export const broadcastSignalHandler: EffectHandler<'broadcastSignal'> = async (batch, effect) => {
  await batch.manager
    .createQueryBuilder()
    .insert()
    .into(SignalBroadcast)
    .values({
      effectKey: effect.key,
      instanceId: batch.instance.id,
      elementId: effect.elementId,
      signalName: effect.signalName,
    })
    .orIgnore()
    .execute();
};
