import { HttpStatus } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApiError } from '../common/api-error';

/**
 * Runs a Temporal Update and turns the refusals a caller can cause into 409s:
 * the engine's validator said no, or the instance has already ended.
 */
export async function runInstanceUpdate<T>(update: () => Promise<T>): Promise<T> {
  try {
    return await update();
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'INSTANCE_REFUSED',
        error.cause?.message ?? error.message,
      );
    }
    if (error instanceof WorkflowNotFoundError) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'INSTANCE_NOT_RUNNING',
        'The process instance has ended',
      );
    }
    throw error;
  }
}
