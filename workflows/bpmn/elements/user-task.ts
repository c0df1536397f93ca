import {
  TASK_OUTPUT_TYPES,
  type TaskOutput,
  type UserTaskNode,
  type ValueExpression,
} from '../../engine/model';
import type { BpmnElement } from '../bpmn-element';
import { readForm } from '../forms';
import type { Issues } from '../issues';
import { checkedValue, present } from '../values';
import type { ElementRule } from './element-rule';

const FORM_DEFINITION = 'flowcard:FormDefinition';
const USER_TASK_FORM = 'flowcard:UserTaskForm';
/** Camunda Modeler writes form keys of embedded forms with this prefix. */
const CAMUNDA_FORM_KEY_PREFIX = 'camunda-forms:bpmn:';

/**
 * A task for a person, described by `flowcard:taskDefinition` (all of it optional). What its
 * completion may set comes from a form-js form (`flowcard:formDefinition`, embedded or naming a
 * `flowcard:userTaskForm` of the process, as Zeebe's `zeebe:formDefinition`) or from the
 * definition's `flowcard:output` list; without either, a completion may set any variable.
 */
export const userTaskRule: ElementRule<UserTaskNode> = {
  kind: 'userTask',
  type: 'bpmn:UserTask',
  eventDefinition: null,
  displayName: 'User task',
  extension: 'flowcard:TaskDefinition',
  moreExtensions: [FORM_DEFINITION],
  incoming: true,
  outgoing: true,
  choosesFlow: false,
  compile: ({ element, base, id, extension: definition, extensions }, issues) => {
    const node: UserTaskNode = {
      ...base,
      kind: 'userTask',
      assignee: checkedValue(definition?.assignee, 'text', id, 'assignee', issues),
      candidateRole: checkedValue(definition?.candidateRole, 'text', id, 'candidateRole', issues),
      dueIn: checkedValue(definition?.dueIn, 'duration', id, 'dueIn', issues),
    };
    const candidateTeam = checkedTeam(definition?.candidateTeam, id, issues);
    if (candidateTeam !== null) node.candidateTeam = candidateTeam;
    const dueDate = checkedValue(definition?.dueDate, 'dateTime', id, 'dueDate', issues);
    const followUpIn = checkedValue(definition?.followUpIn, 'duration', id, 'followUpIn', issues);
    const followUpDate = checkedValue(
      definition?.followUpDate,
      'dateTime',
      id,
      'followUpDate',
      issues,
    );
    if (dueDate !== null) {
      if (node.dueIn !== null) issues.error(id, 'give dueIn or dueDate, not both');
      node.dueDate = dueDate;
    }
    if (followUpIn !== null) node.followUpIn = followUpIn;
    if (followUpDate !== null) {
      if (followUpIn !== null) issues.error(id, 'give followUpIn or followUpDate, not both');
      node.followUpDate = followUpDate;
    }
    const formElement = extensions.get(FORM_DEFINITION);
    const listed = definition?.outputs ?? [];
    if (formElement && listed.length > 0) {
      issues.error(id, 'declare the outputs by the form or by flowcard:output, not both');
    } else if (formElement) {
      const form = compileForm(formElement, element, id, issues);
      if (form) Object.assign(node, form);
    } else if (listed.length > 0) {
      node.outputs = listedOutputs(listed, id, issues);
    }
    return node;
  },
};

/**
 * A team by its name or id, or FEEL giving one. Unlike the other values, a blank attribute is
 * refused rather than read as absent: it would otherwise open the task to everyone.
 */
function checkedTeam(
  written: string | undefined,
  id: string,
  issues: Issues,
): ValueExpression | null {
  if (written === undefined) return null;
  if (present(written) === null) {
    issues.error(id, 'candidateTeam: give a team name or a FEEL expression, not a blank');
    return null;
  }
  return checkedValue(written.trim(), 'text', id, 'candidateTeam', issues);
}

/** The form's schema and outputs, embedded or found by its key among the process's forms. */
function compileForm(
  formElement: BpmnElement,
  task: BpmnElement,
  id: string,
  issues: Issues,
): Pick<UserTaskNode, 'form' | 'outputs'> | null {
  const formKey = present(formElement.formKey);
  const embedded = present(formElement.body);
  if ((formKey === null) === (embedded === null)) {
    issues.error(
      id,
      'flowcard:formDefinition needs either a formKey or the form-js JSON in its body',
    );
    return null;
  }
  let json = embedded;
  let blamed = id;
  if (formKey !== null) {
    const wanted = formKey.startsWith(CAMUNDA_FORM_KEY_PREFIX)
      ? formKey.slice(CAMUNDA_FORM_KEY_PREFIX.length)
      : formKey;
    const form = processForms(task).find((candidate) => candidate.id === wanted);
    if (!form) {
      issues.error(
        id,
        `formKey "${formKey}": the process has no flowcard:userTaskForm "${wanted}"`,
      );
      return null;
    }
    json = present(form.body);
    blamed = wanted;
    if (json === null) {
      issues.error(blamed, `flowcard:userTaskForm "${wanted}" holds no form-js JSON`);
      return null;
    }
  }
  const reading = readForm(json ?? '');
  if (!reading.ok) {
    const where = blamed === id ? 'form' : `form "${blamed}" of ${id}`;
    for (const problem of reading.problems) issues.error(blamed, `${where}: ${problem}`);
    return null;
  }
  return { form: reading.schema, outputs: reading.outputs };
}

/** The `flowcard:userTaskForm` elements of the process the task is in. */
function processForms(task: BpmnElement): BpmnElement[] {
  let container = task.$parent;
  while (container && container.$type !== 'bpmn:Process') container = container.$parent;
  return (container?.extensionElements?.values ?? []).filter(
    (extension) => extension.$type === USER_TASK_FORM,
  );
}

function listedOutputs(listed: BpmnElement[], id: string, issues: Issues): TaskOutput[] {
  const outputs: TaskOutput[] = [];
  for (const entry of listed) {
    const name = present(entry.name);
    const type = entry.type ?? 'string';
    if (name === null || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      issues.error(id, `flowcard:output needs a name naming a variable (letters, digits, _)`);
    } else if (!(TASK_OUTPUT_TYPES as readonly string[]).includes(type)) {
      issues.error(
        id,
        `flowcard:output "${name}": type "${type}" is not one of ${TASK_OUTPUT_TYPES.join(', ')}`,
      );
    } else if (outputs.some((output) => output.name === name)) {
      issues.error(id, `flowcard:output "${name}" is declared twice`);
    } else {
      outputs.push({
        name,
        type: type as TaskOutput['type'],
        required: entry.required === true,
      });
    }
  }
  return outputs;
}
