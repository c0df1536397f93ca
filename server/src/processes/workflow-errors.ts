import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { instanceError } from './instances/instances.errors';

/**
 * Runs a Temporal Update and turns the refusals a caller can cause into conflicts:
 * the engine's validator said no, or the instance has already ended.
 */
export async function runInstanceUpdate<T>(update: () => Promise<T>): Promise<T> {
  try {
    return await update();
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
