import type { TimerStartNode } from '../../engine/model';
import { present } from '../values';
import type { ElementRule } from './element-rule';
import { TIMER } from './event-definitions';
import { parseCycle } from './timer-cycles';
import { dateTimeToIso } from '../../expressions/date-time';

/**
 * The start event of a process started on a schedule: once at a date (`timeDate`) or at each
 * fire of a cycle (`timeCycle`: `R5/PT1H`, `R/P1D` or cron). The server keeps one schedule per
 * process key for its latest version. Literal values only: there are no variables yet.
 */
export const timerStartEventRule: ElementRule<TimerStartNode> = {
  kind: 'timerStart',
  type: 'bpmn:StartEvent',
  eventDefinition: TIMER,
  displayName: 'Timer start event',
  extension: null,
  incoming: false,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const [timer] = element.eventDefinitions ?? [];
    const date = present(timer.timeDate?.body?.trim());
    const cycle = present(timer.timeCycle?.body?.trim());
    if (present(timer.timeDuration?.body) !== null || (date === null) === (cycle === null)) {
      issues.error(id, 'a timer start event needs exactly one of timeDate and timeCycle');
      return null;
    }
    const written = (date ?? cycle) as string;
    if (written.startsWith('=')) {
      issues.error(
        id,
        'a timer start event takes a literal date or cycle, not FEEL: no variables exist yet',
      );
      return null;
    }
    if (date !== null) {
      try {
        return { ...base, kind: 'timerStart', date: dateTimeToIso(date) };
      } catch (error) {
        issues.error(id, `timeDate: ${(error as Error).message}`);
        return null;
      }
    }
    const parsed = parseCycle(written, true);
    if (typeof parsed === 'string') {
      issues.error(id, `timeCycle: ${parsed}`);
      return null;
    }
    return { ...base, kind: 'timerStart', cycle: parsed };
  },
};
