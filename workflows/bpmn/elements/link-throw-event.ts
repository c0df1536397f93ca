import type { LinkThrowNode } from '../../engine/model';
import type { ElementRule } from './element-rule';
import { LINK } from './event-definitions';
import { linkCatchesNamed, linkNameOf } from './link-events';

/** Jumps to the link catch event of the same name, like an off-page connector. */
export const linkThrowEventRule: ElementRule<LinkThrowNode> = {
  kind: 'linkThrow',
  type: 'bpmn:IntermediateThrowEvent',
  eventDefinition: LINK,
  displayName: 'Link throw event',
  extension: null,
  incoming: true,
  outgoing: false,
  choosesFlow: false,

  compile({ base, id, element }, issues) {
    const linkName = linkNameOf(element, id, issues);
    if (linkName === null) return null;
    // Several catches with the name are reported on the catches themselves.
    const [target] = linkCatchesNamed(element, linkName);
    if (!target?.id) {
      issues.error(id, `no link catch event in this process is named "${linkName}"`);
      return null;
    }
    return { ...base, kind: 'linkThrow', linkName, targetId: target.id };
  },
};
