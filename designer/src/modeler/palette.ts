/**
 * The palette and the replace menu offer only what the compiler accepts (the capability list
 * the server answers), and the CRM actions as ready-made service tasks.
 */
import type BpmnFactory from 'bpmn-js/lib/features/modeling/BpmnFactory';
import type ElementFactory from 'bpmn-js/lib/features/modeling/ElementFactory';
import { PopupEntries } from 'bpmn-js/lib/features/popup-menu/PopupEntries';
import * as ReplaceOptions from 'bpmn-js/lib/features/replace/ReplaceOptions';
import type { Element } from 'bpmn-js/lib/model/Types';
import type Create from 'diagram-js/lib/features/create/Create';
import type Palette from 'diagram-js/lib/features/palette/Palette';
import type { PaletteEntries, PaletteEntry } from 'diagram-js/lib/features/palette/PaletteProvider';
import type PopupMenu from 'diagram-js/lib/features/popup-menu/PopupMenu';
import type { PopupMenuTarget } from 'diagram-js/lib/features/popup-menu/PopupMenu';
import type { PopupMenuEntries } from 'diagram-js/lib/features/popup-menu/PopupMenuProvider';
import type { ActionCapability, BpmnCapabilities, ElementCapability } from '../types';
import {
  capabilityOf,
  type FlowcardConfig,
  type ModdleElement,
  moddleType,
} from './flowcard-moddle';

/** After bpmn-js's own providers (priority 1000), so ours see and trim their entries. */
const AFTER_BPMN_JS = 500;

/** The service task extension that the palette fills in for each CRM action. */
const ACTION_EXTENSION = 'flowcard:action';

interface Target {
  type: string;
  eventDefinitionType?: string;
}

/** Whether a bpmn-js menu target is exactly the capability (no expanded, non-interrupting ...). */
function isTargetOf(target: Target, capability: ElementCapability): boolean {
  const discriminators = Object.keys(target).filter(
    (key) => key !== 'type' && key !== 'eventDefinitionType',
  );
  return (
    discriminators.length === 0 &&
    target.type === capability.type &&
    (target.eventDefinitionType ?? null) === capability.eventDefinitionType
  );
}

/** The bpmn-font icon bpmn-js's own menus show for the element. */
function iconOf(capability: ElementCapability): string {
  const entry = Object.values(PopupEntries).find(({ target }) => isTargetOf(target, capability));
  return entry?.className ?? 'bpmn-icon-task';
}

function paletteGroupOf({ type }: ElementCapability): string {
  if (type.endsWith('Event')) return 'event';
  if (type.endsWith('Gateway')) return 'gateway';
  return 'activity';
}

class FlowcardPalette {
  static $inject = ['palette', 'create', 'elementFactory', 'bpmnFactory', 'config.flowcard'];

  private readonly capabilities: BpmnCapabilities;

  constructor(
    palette: Palette,
    private readonly create: Create,
    private readonly elementFactory: ElementFactory,
    private readonly bpmnFactory: BpmnFactory,
    config: FlowcardConfig,
  ) {
    this.capabilities = config.capabilities;
    palette.registerProvider(AFTER_BPMN_JS, this);
  }

  /** Keeps bpmn-js's tools (hand, lasso, space, connect); replaces what they create. */
  getPaletteEntries(): (entries: PaletteEntries) => PaletteEntries {
    return (entries) => {
      const tools = Object.entries(entries).filter(([, entry]) => entry.group === 'tools');
      const elements = this.capabilities.elements
        .filter((capability) => capability.extensionElement !== ACTION_EXTENSION)
        .map((capability) => [`create.flowcard.${capability.kind}`, this.elementEntry(capability)]);
      const actions = this.capabilities.actions.map((action) => [
        `create.flowcard.action.${action.type}`,
        this.actionEntry(action),
      ]);
      return Object.fromEntries([...tools, ...elements, ...actions]);
    };
  }

  private elementEntry(capability: ElementCapability): PaletteEntry {
    const start = (event: Event) => {
      const shape = this.elementFactory.createShape({
        type: capability.type,
        ...(capability.eventDefinitionType && {
          eventDefinitionType: capability.eventDefinitionType,
        }),
      });
      this.create.start(event, shape);
    };
    return {
      group: paletteGroupOf(capability),
      className: iconOf(capability),
      title: `Create ${capability.displayName.toLowerCase()}`,
      action: { click: start, dragstart: start },
    };
  }

  /** A service task named after the action, with its `flowcard:action` already filled in. */
  private actionEntry(action: ActionCapability): PaletteEntry {
    const serviceTask = this.capabilities.elements.find(
      (capability) => capability.extensionElement === ACTION_EXTENSION,
    );
    const start = (event: Event) => {
      const businessObject = this.bpmnFactory.create('bpmn:ServiceTask', {
        name: action.displayName,
      }) as ModdleElement & Record<string, unknown>;
      const extensionElements = this.bpmnFactory.create('bpmn:ExtensionElements') as ModdleElement &
        Record<string, unknown>;
      const extension = this.bpmnFactory.create(moddleType(ACTION_EXTENSION), {
        type: action.type,
      }) as ModdleElement;
      extension.$parent = extensionElements;
      extensionElements.values = [extension];
      extensionElements.$parent = businessObject;
      businessObject.extensionElements = extensionElements;
      const shape = this.elementFactory.createShape({ type: 'bpmn:ServiceTask', businessObject });
      this.create.start(event, shape);
    };
    return {
      group: 'flowcard-actions',
      className: serviceTask ? iconOf(serviceTask) : 'bpmn-icon-service',
      title: action.displayName,
      action: { click: start, dragstart: start },
    };
  }
}

/** bpmn-js's replace options by action name, with the element each one turns into. */
const REPLACE_TARGETS = new Map<string, Target | undefined>(
  Object.values(ReplaceOptions)
    .filter((options) => Array.isArray(options))
    .flat()
    .map((option) => [option.actionName, option.target]),
);

/** bpmn-js's replace option that turns a conditional or default flow back into a plain one. */
const PLAIN_FLOW = 'replace-with-sequence-flow';

class FlowcardReplaceMenu {
  static $inject = ['popupMenu', 'config.flowcard'];

  private readonly capabilities: BpmnCapabilities;

  constructor(popupMenu: PopupMenu, config: FlowcardConfig) {
    this.capabilities = config.capabilities;
    popupMenu.registerProvider('bpmn-replace', AFTER_BPMN_JS, this);
  }

  getPopupMenuEntries(target: PopupMenuTarget): (entries: PopupMenuEntries) => PopupMenuEntries {
    const element = Array.isArray(target) ? undefined : (target as Element);
    const source = element?.type === 'bpmn:SequenceFlow' ? (element.source as Element) : undefined;
    const sourceChoosesFlow = source && capabilityOf(source, this.capabilities)?.choosesFlow;
    return (entries) =>
      Object.fromEntries(
        Object.entries(entries).filter(([id]) => {
          const replacement = REPLACE_TARGETS.get(id);
          if (replacement) {
            return this.capabilities.elements.some((capability) =>
              isTargetOf(replacement, capability),
            );
          }
          // Conditions and default flows only where the element chooses among its flows.
          return !source || sourceChoosesFlow || id === PLAIN_FLOW;
        }),
      );
  }

  /** Loops, multi-instance, collections and non-interrupting events do not compile. */
  getPopupMenuHeaderEntries(): () => PopupMenuEntries {
    return () => ({});
  }
}

export const flowcardPaletteModule = {
  __init__: ['flowcardPalette', 'flowcardReplaceMenu'],
  flowcardPalette: ['type', FlowcardPalette],
  flowcardReplaceMenu: ['type', FlowcardReplaceMenu],
};
