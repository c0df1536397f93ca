/**
 * The palette, the context pad and the replace menu offer only what the compiler accepts
 * (the capability list the server answers), and the CRM actions as ready-made service tasks.
 */
import * as ReplaceOptions from 'bpmn-js/lib/features/replace/ReplaceOptions';
import type { Element, Shape } from 'bpmn-js/lib/model/Types';
import type AutoPlace from 'diagram-js/lib/features/auto-place/AutoPlace';
import type ContextPad from 'diagram-js/lib/features/context-pad/ContextPad';
import type { ContextPadEntries } from 'diagram-js/lib/features/context-pad/ContextPadProvider';
import type Create from 'diagram-js/lib/features/create/Create';
import type Palette from 'diagram-js/lib/features/palette/Palette';
import type { PaletteEntries } from 'diagram-js/lib/features/palette/PaletteProvider';
import type PopupMenu from 'diagram-js/lib/features/popup-menu/PopupMenu';
import type { PopupMenuTarget } from 'diagram-js/lib/features/popup-menu/PopupMenu';
import type { PopupMenuEntries } from 'diagram-js/lib/features/popup-menu/PopupMenuProvider';
import type { Element as DiagramElement } from 'diagram-js/lib/model/Types';
import type { BpmnCapabilities } from '../types';
import {
  capabilityOf,
  eventDefinitionTypeOf,
  type FlowcardConfig,
  startsEventSubProcess,
} from './flowcard-moddle';
import { FlowcardShapes, isTargetOf, type MenuTarget } from './shapes';

/** After bpmn-js's own providers (priority 1000), so ours see and trim their entries. */
const AFTER_BPMN_JS = 500;

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

class FlowcardPalette {
  static $inject = ['palette', 'create', 'flowcardShapes'];

  constructor(
    palette: Palette,
    private readonly create: Create,
    private readonly shapes: FlowcardShapes,
  ) {
    palette.registerProvider(AFTER_BPMN_JS, this);
  }

  /** Keeps bpmn-js's tools (hand, lasso, space, connect); replaces what they create. */
  getPaletteEntries(): (entries: PaletteEntries) => PaletteEntries {
    return (entries) => {
      const tools = Object.entries(entries).filter(([, entry]) => entry.group === 'tools');
      const offers = this.shapes.offers.map((offer) => {
        const start = (event: Event) => this.create.start(event, offer.create());
        const title = offer.group === 'flowcard-actions' ? offer.title : lowerFirst(offer.title);
        const entry = {
          group: offer.group,
          ...offer.icon,
          title: offer.group === 'flowcard-actions' ? title : `Create ${title}`,
          action: { click: start, dragstart: start },
        };
        return [`create.flowcard.${offer.id}`, entry] as const;
      });
      return Object.fromEntries([...tools, ...offers]);
    };
  }
}

/** bpmn-js's own append entries, which create elements the compiler may refuse. */
const BPMN_JS_APPEND = /^append\.(?!text-annotation$)/;

class FlowcardContextPad {
  static $inject = ['contextPad', 'create', 'autoPlace', 'flowcardShapes'];

  constructor(
    contextPad: ContextPad,
    private readonly create: Create,
    private readonly autoPlace: AutoPlace,
    private readonly shapes: FlowcardShapes,
  ) {
    contextPad.registerProvider(AFTER_BPMN_JS, this);
  }

  /** Where bpmn-js offers to append (flow nodes with outgoing flows), offers ours instead. */
  getContextPadEntries(element: DiagramElement): (entries: ContextPadEntries) => ContextPadEntries {
    return (entries) => {
      const kept = Object.entries(entries).filter(([id]) => !BPMN_JS_APPEND.test(id));
      if (kept.length === Object.keys(entries).length) return entries;
      const appends = this.shapes.offers
        .filter((offer) => offer.hasIncoming)
        .map((offer) => {
          const entry = {
            group: 'model',
            ...offer.icon,
            title: `Append ${lowerFirst(offer.title)}`,
            action: {
              click: () => this.autoPlace.append(element as Shape, offer.create()),
              dragstart: (event: Event) =>
                this.create.start(event, offer.create(), { source: element }),
            },
          };
          return [`append.flowcard.${offer.id}`, entry] as const;
        });
      return Object.fromEntries([...appends, ...kept]);
    };
  }
}

/** bpmn-js's replace options by action name, with the element each one turns into. */
const REPLACE_TARGETS = new Map<string, MenuTarget | undefined>(
  Object.values(ReplaceOptions)
    .filter((options) => Array.isArray(options))
    .flat()
    .map((option) => [option.actionName, option.target]),
);

/** bpmn-js's header entries (ReplaceMenuProvider) for what the compiler may accept. */
const STANDARD_LOOP = 'bpmn:StandardLoopCharacteristics';
const MULTI_INSTANCE = 'bpmn:MultiInstanceLoopCharacteristics';
const NON_INTERRUPTING = 'toggle-non-interrupting';

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

  /** bpmn-js's loop and non-interrupting toggles where the compiler accepts them; no others. */
  getPopupMenuHeaderEntries(
    target: PopupMenuTarget,
  ): (entries: PopupMenuEntries) => PopupMenuEntries {
    const element = Array.isArray(target) ? undefined : (target as Element);
    const offered = element ? this.headerEntriesOf(element) : [];
    return (entries) =>
      Object.fromEntries(Object.entries(entries).filter(([id]) => offered.includes(id)));
  }

  private headerEntriesOf(element: Element): string[] {
    const capability = capabilityOf(element, this.capabilities);
    const offered: string[] = [];
    if (capability?.loops) {
      const loops = this.capabilities.loopCharacteristics;
      if (loops.includes(STANDARD_LOOP)) offered.push('toggle-loop');
      if (loops.includes(MULTI_INSTANCE))
        offered.push('toggle-parallel-mi', 'toggle-sequential-mi');
    }
    if (capability?.nonInterrupting || this.startsEventSubProcessWithoutInterrupting(element)) {
      offered.push(NON_INTERRUPTING);
    }
    return offered;
  }

  /** A start event inside an event subprocess, carrying a definition that may not interrupt. */
  private startsEventSubProcessWithoutInterrupting(element: Element): boolean {
    if (!startsEventSubProcess(element)) return false;
    const definition = eventDefinitionTypeOf(element);
    return this.capabilities.elements.some(
      (capability) =>
        capability.triggeredByEvent &&
        definition !== null &&
        capability.nonInterruptingStartEventDefinitionTypes.includes(definition),
    );
  }
}

export const flowcardMenusModule = {
  __init__: ['flowcardPalette', 'flowcardContextPad', 'flowcardReplaceMenu'],
  flowcardShapes: ['type', FlowcardShapes],
  flowcardPalette: ['type', FlowcardPalette],
  flowcardContextPad: ['type', FlowcardContextPad],
  flowcardReplaceMenu: ['type', FlowcardReplaceMenu],
};
