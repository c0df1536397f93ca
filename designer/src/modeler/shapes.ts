/**
 * The shapes the modeler creates from the capability list: one per element the compiler
 * accepts, and a service task per CRM action with its `flowcard:action` already filled in.
 * The palette and the context pad both offer exactly these.
 */
import type BpmnFactory from 'bpmn-js/lib/features/modeling/BpmnFactory';
import type ElementFactory from 'bpmn-js/lib/features/modeling/ElementFactory';
import { PopupEntries } from 'bpmn-js/lib/features/popup-menu/PopupEntries';
import type { Shape } from 'bpmn-js/lib/model/Types';
import type { ActionCapability, ElementCapability } from '../types';
import {
  ACTION_EXTENSION,
  type FlowcardConfig,
  type ModdleElement,
  moddleType,
} from './flowcard-moddle';

/** An element bpmn-js's menus create: a BPMN type, with an event definition or not. */
export interface MenuTarget {
  type: string;
  eventDefinitionType?: string;
  triggeredByEvent?: boolean;
}

/** What bpmn-js's menus set to create an event subprocess (always drawn expanded). */
const EVENT_SUB_PROCESS = { triggeredByEvent: true, isExpanded: true } as const;

/** Whether a bpmn-js menu target is exactly the capability (no expanded, non-interrupting ...). */
export function isTargetOf(target: MenuTarget, capability: ElementCapability): boolean {
  const allowed = [
    'type',
    'eventDefinitionType',
    ...(capability.triggeredByEvent ? Object.keys(EVENT_SUB_PROCESS) : []),
  ];
  const discriminators = Object.keys(target).filter((key) => !allowed.includes(key));
  return (
    discriminators.length === 0 &&
    target.type === capability.type &&
    (target.eventDefinitionType ?? null) === capability.eventDefinitionType &&
    (target.triggeredByEvent ?? false) === capability.triggeredByEvent
  );
}

/** A shape the modeler offers, as the palette and the context pad show it. */
export interface Offer {
  /** Unique among offers, e.g. `userTask` or `action.createCall`. */
  id: string;
  title: string;
  /** A bpmn-font icon class, or an image: each CRM action shows its own name. */
  icon: { className: string } | { imageUrl: string };
  group: 'event' | 'gateway' | 'activity' | 'flowcard-actions';
  /** Whether a sequence flow may lead to it (BPMN: never to a start event). */
  hasIncoming: boolean;
  create(): Shape;
}

/** The bpmn-font icon bpmn-js's own menus show for the element. */
function iconOf(capability: ElementCapability): string {
  const entry = Object.values(PopupEntries).find(({ target }) => isTargetOf(target, capability));
  return entry?.className ?? 'bpmn-icon-task';
}

/**
 * A service task with the action's last word in it ("call", "status"): the actions share
 * the service task's gear, and an icon that tells them apart beats hovering over each.
 */
function actionImage({ displayName }: ActionCapability): string {
  const word = displayName.split(' ').pop()?.toLowerCase() ?? '';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 30">` +
    `<rect x="1.5" y="1.5" width="37" height="27" rx="5" fill="#fff" stroke="#22242a" stroke-width="2"/>` +
    `<text x="20" y="19" font-family="sans-serif" font-size="${word.length > 6 ? 7 : 9}" text-anchor="middle" fill="#22242a">${word}</text>` +
    `</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

function groupOf({ type }: ElementCapability): Offer['group'] {
  if (type.endsWith('Event')) return 'event';
  if (type.endsWith('Gateway')) return 'gateway';
  return 'activity';
}

export class FlowcardShapes {
  static $inject = ['elementFactory', 'bpmnFactory', 'config.flowcard'];

  /** Every element but the bare service task (offered once per action), then the actions. */
  readonly offers: readonly Offer[];

  constructor(
    private readonly elementFactory: ElementFactory,
    private readonly bpmnFactory: BpmnFactory,
    config: FlowcardConfig,
  ) {
    const { elements, actions } = config.capabilities;
    const serviceTask = elements.find((element) => element.extensionElement === ACTION_EXTENSION);
    this.offers = [
      ...elements
        .filter((element) => element !== serviceTask)
        .map((element) => this.elementOffer(element)),
      ...(serviceTask ? actions.map((action) => this.actionOffer(action, serviceTask)) : []),
    ];
  }

  private elementOffer(capability: ElementCapability): Offer {
    return {
      id: capability.kind,
      title: capability.displayName,
      icon: { className: iconOf(capability) },
      group: groupOf(capability),
      hasIncoming: capability.type !== 'bpmn:StartEvent',
      create: () =>
        this.elementFactory.createShape({
          type: capability.type,
          ...(capability.eventDefinitionType && {
            eventDefinitionType: capability.eventDefinitionType,
          }),
          ...(capability.triggeredByEvent && EVENT_SUB_PROCESS),
        }),
    };
  }

  private actionOffer(action: ActionCapability, serviceTask: ElementCapability): Offer {
    return {
      id: `action.${action.type}`,
      title: action.displayName,
      icon: { imageUrl: actionImage(action) },
      group: 'flowcard-actions',
      hasIncoming: true,
      create: () => {
        const businessObject = this.bpmnFactory.create(serviceTask.type, {
          name: action.displayName,
        }) as ModdleElement & Record<string, unknown>;
        const extensionElements = this.bpmnFactory.create(
          'bpmn:ExtensionElements',
        ) as ModdleElement & Record<string, unknown>;
        const extension = this.bpmnFactory.create(moddleType(ACTION_EXTENSION), {
          type: action.type,
        }) as ModdleElement;
        extension.$parent = extensionElements;
        extensionElements.values = [extension];
        extensionElements.$parent = businessObject;
        businessObject.extensionElements = extensionElements;
        return this.elementFactory.createShape({ type: serviceTask.type, businessObject });
      },
    };
  }
}
