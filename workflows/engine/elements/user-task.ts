import { dateTime, duration, optionalText, requiredText } from '../evaluation';
import type { UserTaskNode, ValueExpression } from '../model';
import type { Variables } from '../types';
import { armBoundaryEvents } from './boundary-events';
import type { ElementBehaviour } from './element-behaviour';

/** Opens a task for a person; the token waits until the task is completed. */
export const userTaskBehaviour: ElementBehaviour<UserTaskNode> = {
  enter(task, token, _viaFlowId, context) {
    context.elementStarted(task, token);
    const { variables } = context;
    const assignee = optionalText(variables, task.id, 'assignee', task.assignee);
    const candidateRole = optionalText(variables, task.id, 'candidateRole', task.candidateRole);
    // A team that was written must name one: null would open the task to everyone.
    const candidateTeam =
      task.candidateTeam === undefined
        ? null
        : requiredText(variables, task.id, 'candidateTeam', task.candidateTeam);
    const dueInMs = duration(variables, task.id, 'dueIn', task.dueIn);
    const dueAt = optionalDate(variables, task.id, 'dueDate', task.dueDate);
    const followUpInMs = duration(variables, task.id, 'followUpIn', task.followUpIn ?? null);
    const followUpAt = optionalDate(variables, task.id, 'followUpDate', task.followUpDate);
    const waitKey = context.nextKey();
    context.wait({ kind: 'userTask', waitKey, tokenId: token.id, elementId: task.id });
    context.emit({
      type: 'openUserTask',
      key: context.nextKey(),
      waitKey,
      elementId: task.id,
      name: task.name ?? task.id,
      assignee,
      candidateRole,
      dueInMs,
      // Only those set: tasks without them keep the effect they always had.
      ...(candidateTeam !== null && { candidateTeam }),
      ...(dueAt !== null && { dueAt }),
      ...(followUpInMs !== null && { followUpInMs }),
      ...(followUpAt !== null && { followUpAt }),
    });
    armBoundaryEvents(task, token, context);
  },

  waitState: {
    resume(task, token, event, context) {
      if (event.type !== 'userTaskCompleted') {
        throw new Error(`${event.type} cannot end the wait of user task ${task.id}`);
      }
      context.emit({
        type: 'completeUserTask',
        key: context.nextKey(),
        waitKey: event.waitKey,
        variables: event.variables,
        completedBy: event.completedBy,
      });
      if (Object.keys(event.variables).length > 0) {
        context.changeVariables(event.variables, event.completedBy);
      }
      context.closeWaitsOf(token);
      context.elementCompleted(task, token);
      context.leave(token, task.outgoing);
    },

    cancel(_task, wait, context) {
      context.emit({ type: 'cancelUserTask', key: context.nextKey(), waitKey: wait.waitKey });
    },
  },
};

function optionalDate(
  variables: Variables,
  elementId: string,
  label: string,
  expr: ValueExpression | undefined,
): string | null {
  return expr === undefined ? null : dateTime(variables, elementId, label, expr);
}
