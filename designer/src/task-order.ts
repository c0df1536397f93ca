import type { Task } from './types';

/** Overdue first, then soonest due (undated last), then oldest. */
export function sortTasks<T extends Pick<Task, 'overdue' | 'dueAt' | 'createdAt'>>(
  tasks: readonly T[],
): T[] {
  const due = (task: T) => (task.dueAt ? Date.parse(task.dueAt) : Number.POSITIVE_INFINITY);
  return [...tasks].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      due(a) - due(b) ||
      Date.parse(a.createdAt) - Date.parse(b.createdAt),
  );
}
