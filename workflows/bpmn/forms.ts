/**
 * A user task's form-js schema read into the task's typed outputs: each field with a `key` is a
 * value the completion may set. Fields that only show something (text, images, buttons) set
 * nothing; groups without a `path` are read through; anything else is refused, since a field
 * the compiler cannot type would let a completion set an unchecked value.
 */
import type { FormSchema, TaskOutput } from '../engine/model';

type Component = Record<string, unknown>;

/** form-js field types and the output type their value has. */
const VALUE_FIELDS: Record<string, TaskOutput['type']> = {
  textfield: 'string',
  textarea: 'string',
  number: 'number',
  checkbox: 'boolean',
  select: 'string',
  radio: 'string',
  datetime: 'dateTime',
};

const DISPLAY_ONLY = new Set([
  'text',
  'html',
  'image',
  'spacer',
  'separator',
  'button',
  'iframe',
  'table',
  'documentPreview',
]);

const DATETIME_SUBTYPES: Record<string, TaskOutput['type']> = {
  date: 'date',
  time: 'time',
  datetime: 'dateTime',
};

export type FormReading =
  { ok: true; schema: FormSchema; outputs: TaskOutput[] } | { ok: false; problems: string[] };

/** Parses the JSON text of a form-js schema into its outputs, or says every problem. */
export function readForm(json: string): FormReading {
  let schema: unknown;
  try {
    schema = JSON.parse(json);
  } catch (error) {
    return { ok: false, problems: [`the form is not valid JSON: ${(error as Error).message}`] };
  }
  if (!isObject(schema) || !Array.isArray(schema.components)) {
    return { ok: false, problems: ['the form must be a form-js schema with a "components" list'] };
  }
  const problems: string[] = [];
  const outputs: TaskOutput[] = [];
  collect(schema.components, outputs, problems);
  const seen = new Set<string>();
  for (const output of outputs) {
    if (seen.has(output.name)) problems.push(`more than one field has the key "${output.name}"`);
    seen.add(output.name);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, schema, outputs };
}

function collect(components: unknown[], outputs: TaskOutput[], problems: string[]): void {
  components.forEach((component, index) => {
    if (!isObject(component) || typeof component.type !== 'string') {
      problems.push(`component ${index + 1} has no type`);
      return;
    }
    const { type } = component;
    if (DISPLAY_ONLY.has(type)) return;
    if (type === 'group') {
      if (component.path !== undefined && component.path !== '') {
        problems.push(
          `group ${describe(component, index)}: a group with a "path" is not supported`,
        );
      } else if (Array.isArray(component.components)) {
        collect(component.components, outputs, problems);
      }
      return;
    }
    if (!(type in VALUE_FIELDS)) {
      problems.push(
        `field ${describe(component, index)} has the type "${type}", which a task output cannot ` +
          `have; use ${Object.keys(VALUE_FIELDS).join(', ')} (or a display-only component)`,
      );
      return;
    }
    const output = fieldOutput(component, type, index, problems);
    if (output) outputs.push(output);
  });
}

function fieldOutput(
  field: Component,
  type: string,
  index: number,
  problems: string[],
): TaskOutput | null {
  const { key } = field;
  if (typeof key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
    problems.push(
      `field ${describe(field, index)} needs a "key" naming a variable (letters, digits, _)`,
    );
    return null;
  }
  const validate = isObject(field.validate) ? field.validate : {};
  const output: TaskOutput = {
    name: key,
    type: outputType(field, type, problems),
    required: validate.required === true,
  };
  const values = choiceValues(field, type, problems);
  if (values) output.values = values;
  for (const bound of ['min', 'max', 'minLength', 'maxLength'] as const) {
    const value = validate[bound];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push(`field "${key}": validate.${bound} must be a number`);
      continue;
    }
    const fits = bound.endsWith('Length') ? output.type === 'string' : output.type === 'number';
    if (fits) output[bound] = value;
    else problems.push(`field "${key}": validate.${bound} does not apply to a ${type} field`);
  }
  return output;
}

function outputType(field: Component, type: string, problems: string[]): TaskOutput['type'] {
  if (type !== 'datetime') return VALUE_FIELDS[type];
  const subtype = field.subtype ?? 'date';
  // "No timezone": form-js writes the local date and time alone (`2030-01-31T09:30`), which
  // Camunda keeps as that text, a FEEL local date and time.
  if (subtype === 'datetime' && field.timeSerializingFormat === 'no_timezone') {
    return 'localDateTime';
  }
  if (typeof subtype === 'string' && subtype in DATETIME_SUBTYPES) {
    return DATETIME_SUBTYPES[subtype];
  }
  problems.push(`field "${String(field.key)}": datetime subtype must be date, time or datetime`);
  return 'dateTime';
}

/** The fixed options of a select or radio; none when its options come from a variable. */
function choiceValues(
  field: Component,
  type: string,
  problems: string[],
): (string | number | boolean)[] | null {
  if (type !== 'select' && type !== 'radio') return null;
  if (!Array.isArray(field.values)) return null;
  const values: string[] = [];
  for (const option of field.values) {
    if (isObject(option) && typeof option.value === 'string') values.push(option.value);
    else problems.push(`field "${String(field.key)}": each option needs a text "value"`);
  }
  return values;
}

function describe(field: Component, index: number): string {
  return typeof field.key === 'string' ? `"${field.key}"` : `${index + 1}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
