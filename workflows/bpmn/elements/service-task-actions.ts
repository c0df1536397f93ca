/**
 * The CRM actions a service task can take (`flowcard:action type="..."`): what each reads
 * and how it compiles. Typed over every action of the model, so the compiler accepts
 * exactly the actions the engine runs.
 */
import type { CrmAction } from '../../engine/model';
import type { BpmnElement } from '../bpmn-element';
import type { Issues } from '../issues';
import { checkedValue, present } from '../values';

export type ActionType = CrmAction['type'];

export interface ActionAttribute {
  name:
    | 'subject'
    | 'dueIn'
    | 'assignee'
    | 'status'
    | 'title'
    | 'amount'
    | 'currency'
    | 'pipeline'
    | 'stage'
    | 'client'
    | 'owner'
    | 'resultVariable'
    | 'deal'
    | 'body';
  /**
   * A duration must be ISO-8601 (or FEEL); text is anything (or FEEL); a variable is the name
   * of a process variable the action writes, never FEEL.
   */
  value: 'text' | 'duration' | 'variable';
  required: boolean;
}

export interface ActionRule<T extends ActionType = ActionType> {
  type: T;
  displayName: string;
  /** The attributes of `flowcard:action` it reads, in the order of the model's action. */
  attributes: readonly ActionAttribute[];
}

const CREATE_ACTIVITY_ATTRIBUTES: readonly ActionAttribute[] = [
  { name: 'subject', value: 'text', required: true },
  { name: 'dueIn', value: 'duration', required: false },
  { name: 'assignee', value: 'text', required: false },
];

export const ACTION_RULES: { [T in ActionType]: ActionRule<T> } = {
  createCall: {
    type: 'createCall',
    displayName: 'Create call',
    attributes: CREATE_ACTIVITY_ATTRIBUTES,
  },
  createTask: {
    type: 'createTask',
    displayName: 'Create task',
    attributes: CREATE_ACTIVITY_ATTRIBUTES,
  },
  createMeeting: {
    type: 'createMeeting',
    displayName: 'Create meeting',
    attributes: CREATE_ACTIVITY_ATTRIBUTES,
  },
  setClientStatus: {
    type: 'setClientStatus',
    displayName: 'Set client status',
    attributes: [{ name: 'status', value: 'text', required: true }],
  },
  createDeal: {
    type: 'createDeal',
    displayName: 'Create deal',
    attributes: [
      { name: 'title', value: 'text', required: true },
      { name: 'amount', value: 'text', required: false },
      { name: 'currency', value: 'text', required: false },
      { name: 'pipeline', value: 'text', required: false },
      { name: 'stage', value: 'text', required: false },
      { name: 'client', value: 'text', required: false },
      { name: 'owner', value: 'text', required: false },
      { name: 'resultVariable', value: 'variable', required: false },
    ],
  },
  setDealStage: {
    type: 'setDealStage',
    displayName: 'Set deal stage',
    attributes: [
      { name: 'deal', value: 'text', required: true },
      { name: 'stage', value: 'text', required: true },
    ],
  },
  addNote: {
    type: 'addNote',
    displayName: 'Add note',
    attributes: [
      { name: 'subject', value: 'text', required: true },
      { name: 'body', value: 'text', required: false },
    ],
  },
  assignClientOwner: {
    type: 'assignClientOwner',
    displayName: 'Assign client owner',
    attributes: [{ name: 'owner', value: 'text', required: true }],
  },
};

/** A process variable's name: what FEEL can read back as a plain name. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const ACTIONS: readonly ActionRule[] = Object.values(ACTION_RULES);

/** Every attribute some action reads: the others warn that an action ignores them. */
const ATTRIBUTE_NAMES = [
  ...new Set(ACTIONS.flatMap((rule) => rule.attributes.map((attribute) => attribute.name))),
];

export function compileAction(
  action: BpmnElement | undefined,
  id: string,
  issues: Issues,
): CrmAction | null {
  if (!action) {
    issues.error(id, 'a service task needs a flowcard:action saying what it does');
    return null;
  }
  const rule = ACTIONS.find((known) => known.type === action.type);
  if (!rule) {
    const written = action.type
      ? `unknown action type "${action.type}"`
      : 'the flowcard:action has no type';
    const expected = ACTIONS.map((known) => known.type).join(', ');
    issues.error(id, `${written}; expected one of ${expected}`);
    return null;
  }
  for (const name of ATTRIBUTE_NAMES) {
    const used = rule.attributes.some((attribute) => attribute.name === name);
    if (!used && present(action[name]) !== null) {
      issues.warning(id, `${rule.type} does not use "${name}"; it is ignored`);
    }
  }
  for (const { name, required } of rule.attributes) {
    if (required && present(action[name]) === null)
      issues.error(id, `${rule.type} needs ${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`);
  }
  const values = rule.attributes.map(({ name, value, required }) => ({
    name,
    required,
    checked:
      value === 'variable'
        ? checkedVariable(action[name], id, name, issues)
        : checkedValue(action[name], value, id, name, issues),
  }));
  if (values.some(({ required, checked }) => required && checked === null)) return null;
  // The attributes of each rule are those of its action type in the model.
  return {
    type: rule.type,
    ...Object.fromEntries(values.map(({ name, checked }) => [name, checked])),
  } as CrmAction;
}

/** A variable name as written, or null when absent and after reporting an invalid one. */
function checkedVariable(
  value: string | undefined,
  id: string,
  label: string,
  issues: Issues,
): string | null {
  const written = present(value);
  if (written === null || VARIABLE_NAME.test(written)) return written;
  issues.error(id, `${label}: "${written}" is not a variable name (letters, digits and _)`);
  return null;
}
