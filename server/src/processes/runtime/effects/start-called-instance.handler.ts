import { ApplicationFailure } from '@temporalio/common';
import type { EntityManager } from 'typeorm';
import { ProcessDefinition } from '#server/processes/definitions/process-definition.entity';
import { insertInstance } from '#server/processes/instances/instance-start';
import { ProcessInstance } from '#server/processes/instances/process-instance.entity';
import type { EffectHandler, EffectOf } from './effect-batch';

/**
 * A call activity starts: writes the called instance as `starting`, on the caller's client,
 * with the version it names (the latest when none), for the workflow to start as its child
 * after the commit. A retried batch finds the instance it wrote by the call's wait key.
 */
export const startCalledInstanceHandler: EffectHandler<'startCalledInstance'> = async (
  batch,
  effect,
) => {
  const { manager, instance } = batch;
  const written = await manager.findOne(ProcessInstance, {
    where: { parentWaitKey: effect.waitKey },
    relations: { definition: true },
  });
  const definition = written?.definition ?? (await calledDefinition(batch.manager, effect));
  const called =
    written ??
    (await insertInstance(manager, {
      definition,
      clientId: instance.clientId,
      variables: effect.variables,
      startedById: null,
      calledBy: { instanceId: instance.id, elementId: effect.elementId, waitKey: effect.waitKey },
    }));
  batch.calledInstances.push({
    waitKey: effect.waitKey,
    instanceId: called.id,
    workflowId: called.workflowId,
    model: definition.model,
    variables: called.variables,
  });
};

/** The version the call names, or the latest; none deployed fails the step for good. */
async function calledDefinition(
  manager: EntityManager,
  { processKey, version, elementId }: EffectOf<'startCalledInstance'>,
): Promise<ProcessDefinition> {
  const definition = await manager.findOne(ProcessDefinition, {
    where: { key: processKey, ...(version === null ? {} : { version }) },
    order: { version: 'DESC' },
  });
  if (!definition) {
    throw ApplicationFailure.nonRetryable(
      `step ${elementId}: no process "${processKey}"${version === null ? '' : ` version ${version}`} is deployed`,
    );
  }
  return definition;
}
