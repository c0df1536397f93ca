import type { EntityManager } from 'typeorm';
import type { FormSchema, TaskOutput } from '#workflows/engine/model';
import { type OutputProblem, outputProblems } from '#workflows/engine/task-outputs';
import type { Variables } from '#workflows/engine/types';
import { taskError } from './tasks.errors';
import type { UserTask } from './user-task.entity';

/** What the task's user task element declares: its form and the outputs a completion may set. */
export interface TaskDeclaration {
  /** The form-js schema, when a form declares the outputs. */
  form: FormSchema | null;
  /** Null when the element declares nothing: a completion may then set any variable. */
  outputs: TaskOutput[] | null;
}

const UNDECLARED: TaskDeclaration = { form: null, outputs: null };

/** What locates a task's element: its instance (whose version has the model) and element id. */
export type TaskElement = Pick<UserTask, 'id' | 'instanceId' | 'elementId'>;

/**
 * The declarations of the tasks' elements, read from the model of the version each instance runs
 * (after a migration, the version it moved to), one query for a page of tasks. The page's rows
 * are passed in, so only their instances are looked up, and each model is opened once per task.
 */
export async function taskDeclarations(
  db: EntityManager,
  tasks: TaskElement[],
): Promise<Map<string, TaskDeclaration>> {
  if (tasks.length === 0) return new Map();
  const rows: { id: string; form: FormSchema | null; outputs: TaskOutput[] | null }[] =
    await db.query(
      `SELECT page.id, declared.node -> 'form' AS form, declared.node -> 'outputs' AS outputs
         FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS page (id, instance_id, element_id)
         JOIN process_instances instance ON instance.id = page.instance_id
         JOIN process_definitions definition ON definition.id = instance.definition_id
        CROSS JOIN LATERAL (SELECT definition.model -> 'nodes' -> page.element_id AS node) declared`,
      [
        tasks.map((task) => task.id),
        tasks.map((task) => task.instanceId),
        tasks.map((task) => task.elementId),
      ],
    );
  return new Map(rows.map((row) => [row.id, { form: row.form, outputs: row.outputs }]));
}

export async function taskDeclaration(
  db: EntityManager,
  task: TaskElement,
): Promise<TaskDeclaration> {
  return (await taskDeclarations(db, [task])).get(task.id) ?? UNDECLARED;
}

/**
 * Refuses a completion that sets an undeclared variable, leaves out a required output or gives
 * one of the wrong type, naming the field; every problem is in the details.
 */
export function assertDeclaredOutputs(declaration: TaskDeclaration, variables: Variables): void {
  const problems = outputProblems(declaration.outputs ?? undefined, variables);
  if (problems.length === 0) return;
  const [first] = problems;
  const details = problems.map(({ field, kind, message }) => ({ field, kind, message }));
  throw taskError(CODES[first.kind], messageOf(problems), details);
}

const CODES = {
  undeclared: 'TASK_OUTPUT_UNDECLARED',
  missing: 'TASK_OUTPUT_MISSING',
  invalid: 'TASK_OUTPUT_INVALID',
} as const;

function messageOf(problems: OutputProblem[]): string {
  return problems.map((problem) => problem.message).join('; ');
}
