import type { Activity, ActivityKindName } from './activity.entity';

/** The fields whose meaning depends on the kind of activity. */
export const KIND_SPECIFIC_FIELDS = [
  'dueAt',
  'endsAt',
  'direction',
  'durationSeconds',
  'result',
  'recordingUrl',
  'place',
  'participants',
  'reminderAt',
  'priority',
] as const;
type KindSpecificField = (typeof KIND_SPECIFIC_FIELDS)[number];

export type ActivityFields = Pick<Activity, 'kind' | 'body' | KindSpecificField>;

/** Which kind-specific fields each kind may carry; `body` (a note's text or a description) fits all. */
const ALLOWED: Record<ActivityKindName, readonly KindSpecificField[]> = {
  call: ['dueAt', 'direction', 'durationSeconds', 'result', 'recordingUrl'],
  meeting: ['dueAt', 'endsAt', 'place', 'participants'],
  task: ['dueAt', 'reminderAt', 'priority'],
  note: [],
};

const REQUIRED: Record<ActivityKindName, readonly (KindSpecificField | 'body')[]> = {
  call: [],
  meeting: ['dueAt'],
  task: [],
  note: ['body'],
};

const REQUIRED_REASON: Partial<Record<KindSpecificField | 'body', string>> = {
  dueAt: 'dueAt (its start)',
  body: 'a body',
};

/**
 * What is wrong with an activity's fields for its kind, as messages for a 400 (empty when fine).
 * Required fields are checked for the fields in `checkRequired` ('all' on create; on update only
 * the fields the request sets, so rows a process step wrote with fewer fields stay editable).
 */
export function activityProblems(
  activity: ActivityFields,
  checkRequired: 'all' | ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const allowed = ALLOWED[activity.kind];
  for (const field of KIND_SPECIFIC_FIELDS) {
    if (isSet(activity[field]) && !allowed.includes(field)) {
      problems.push(`${field} is not allowed for a ${activity.kind}`);
    }
  }
  for (const field of REQUIRED[activity.kind]) {
    if ((checkRequired === 'all' || checkRequired.has(field)) && !isSet(activity[field])) {
      problems.push(`a ${activity.kind} needs ${REQUIRED_REASON[field] ?? field}`);
    }
  }
  const { dueAt, endsAt, reminderAt } = activity;
  if (endsAt && !dueAt) problems.push('endsAt needs dueAt (the start)');
  if (endsAt && dueAt && endsAt.getTime() <= dueAt.getTime()) {
    problems.push('endsAt must be after dueAt');
  }
  if (reminderAt && dueAt && reminderAt.getTime() > dueAt.getTime()) {
    problems.push('reminderAt must not be after dueAt');
  }
  return problems;
}

/** An open activity whose time has passed; computed on every read, never stored. */
export function isOverdue(activity: Pick<Activity, 'status' | 'dueAt'>, now: Date): boolean {
  return activity.status === 'open' && activity.dueAt !== null && activity.dueAt < now;
}

function isSet(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && value !== undefined;
}
