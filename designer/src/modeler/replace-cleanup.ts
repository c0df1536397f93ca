/**
 * bpmn-js's replace (the replace menu, a non-interrupting toggle) carries the old element's
 * extension elements and loop over to the new one. The compiler refuses a flowcard extension
 * element on a type that does not read it ("flowcard:taskDefinition is only allowed on
 * bpmn:UserTask") and a loop where the type does not loop, so a user task turned into a manual
 * task would no longer deploy. This drops, in the same undoable command, what the new type does
 * not accept and keeps what it does (a CRM action stays with a service task), as the capability
 * list says: the compiler's own rules, never a list kept here.
 */
import type Modeling from 'bpmn-js/lib/features/modeling/Modeling';
import type { Element } from 'bpmn-js/lib/model/Types';
import CommandInterceptor from 'diagram-js/lib/command/CommandInterceptor';
import type EventBus from 'diagram-js/lib/core/EventBus';
import {
  accepts,
  businessObjectOf,
  extensionReaders,
  type FlowcardConfig,
  type ModdleElement,
  startsEventSubProcess,
} from './flowcard-moddle';

class FlowcardReplaceCleanup extends CommandInterceptor {
  static $inject = ['eventBus', 'modeling', 'config.flowcard'];

  constructor(eventBus: EventBus, modeling: Modeling, config: FlowcardConfig) {
    super(eventBus);
    const readers = extensionReaders(config.capabilities);
    const loops = new Set(
      config.capabilities.elements
        .filter((capability) => capability.loops)
        .map((capability) => capability.type),
    );
    this.postExecuted(
      'shape.replace',
      (context) => {
        const shape = context.newShape as Element;
        // Its trigger's extension is read by the event subprocess's rule, not by its own type.
        if (startsEventSubProcess(shape)) return;
        const businessObject = businessObjectOf(shape);
        const type = businessObject.$type;
        const extensionElements = businessObject.get('extensionElements') as
          ModdleElement | undefined;
        const values = (extensionElements?.get('values') ?? []) as ModdleElement[];
        const kept = values.filter((value) => accepts(readers, type, value));
        if (extensionElements && kept.length < values.length) {
          if (kept.length) {
            modeling.updateModdleProperties(shape, extensionElements, { values: kept });
          } else {
            modeling.updateModdleProperties(shape, businessObject, {
              extensionElements: undefined,
            });
          }
        }
        if (businessObject.get('loopCharacteristics') && !loops.has(type)) {
          modeling.updateProperties(shape, { loopCharacteristics: undefined });
        }
      },
      true,
    );
  }
}

export const flowcardReplaceModule = {
  __init__: ['flowcardReplaceCleanup'],
  flowcardReplaceCleanup: ['type', FlowcardReplaceCleanup],
};
