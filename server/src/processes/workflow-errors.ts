import {
  Client as TemporalClient,
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { instanceError } from './instances/instances.errors';

/**
 * Runs a call into Temporal under a deadline. A server that is down or a worker that does not take
 * the update in time answers ENGINE_UNAVAILABLE (503) after `timeoutMs`, never a hanging request;
 * every other error comes back unchanged.
 */
export async function callEngine<T>(
  temporal: TemporalClient,
  timeoutMs: number,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await temporal.withDeadline(Date.now() + timeoutMs, call);
  } catch (error) {
    if (
      error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
      error instanceof ServiceError ||
      isGrpcServiceError(error)
    ) {
      throw instanceError(
        'ENGINE_UNAVAILABLE',
        `The workflow engine did not answer within ${timeoutMs} ms; try again`,
      );
    }
    throw error;
  }
}

/**
 * Runs a Temporal Update under the engine deadline and turns the refusals a caller can cause into
 * conflicts: the engine's validator said no, or the instance has already ended.
 */
export async function runInstanceUpdate<T>(
  temporal: TemporalClient,
  timeoutMs: number,
  update: () => Promise<T>,
): Promise<T> {
  try {
    return await callEngine(temporal, timeoutMs, update);
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      throw instanceError('INSTANCE_REFUSED', error.cause?.message ?? error.message);
    }
    if (error instanceof WorkflowNotFoundError) {
      throw instanceError('INSTANCE_NOT_RUNNING', 'The process instance has ended');
    }
    throw error;
  }
}
