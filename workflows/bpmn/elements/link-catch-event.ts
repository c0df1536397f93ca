import type { LinkCatchNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { LINK } from './event-definitions';
import { linkCatchesNamed, linkNameOf } from './link-events';

/** Where the tokens of the link throw events of the same name continue. */
export const linkCatchEventRule: ElementRule<LinkCatchNode> = {
  kind: 'linkCatch',
  type: 'bpmn:IntermediateCatchEvent',
  eventDefinition: LINK,
  displayName: 'Link catch event',
  extension: null,
  incoming: false,
  outgoing: true,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const linkName = linkNameOf(element, id, issues);
    if (linkName === null) return null;
    const namesakes = linkCatchesNamed(element, linkName);
    if (namesakes.length > 1) {
      issues.error(
        id,
        `link catch events ${namesakes.map((namesake) => namesake.id ?? '?').join(', ')} ` +
          `share the name "${linkName}"; a link name must lead to one catch event`,
      );
      return null;
    }
    return { ...base, kind: 'linkCatch', linkName };
  },
};
