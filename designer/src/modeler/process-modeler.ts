import Modeler from 'bpmn-js/lib/Modeler';
import type { Element } from 'bpmn-js/lib/model/Types';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import lintingModule from 'bpmn-js-bpmnlint';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import type { BpmnCapabilities } from '../types';
import { type FlowcardConfig, flowcardDescriptor } from './flowcard-moddle';
import { flowcardMenusModule } from './menus';
import { flowcardFormModule } from './form-properties';
import { countIssues, type LintCounts, lintingConfig } from './lint';
import { flowcardPropertiesModule } from './properties';
import { flowcardReplaceModule } from './replace-cleanup';
import { outlineOf, type UserTaskOutline } from './user-tasks';

interface CenteringCanvas {
  zoom(level: 'fit-viewport', center: 'auto'): number;
}

/** Marks an element the server refused, styled in app.css. */
const PROBLEM_MARKER = 'fc-problem';

/** An executable process with nothing in it yet, named `processId` (the definition key). */
export function emptyDiagram(processId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:flowcard="http://flowcard.dev/schema/bpmn" id="Definitions_${processId}" targetNamespace="http://flowcard.dev/processes" exporter="Flowcard">
  <bpmn:process id="${processId}" isExecutable="true" />
  <bpmndi:BPMNDiagram id="Diagram_${processId}">
    <bpmndi:BPMNPlane id="Plane_${processId}" bpmnElement="${processId}" />
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/**
 * The bpmn-js Modeler with the properties panel, both limited to what the compiler accepts,
 * reading and writing our `flowcard:` extension elements.
 */
export class ProcessModeler {
  private readonly modeler: Modeler;
  private problems: string[] = [];

  constructor(canvas: HTMLElement, propertiesPanel: HTMLElement, capabilities: BpmnCapabilities) {
    const flowcard: FlowcardConfig = { capabilities };
    this.modeler = new Modeler({
      container: canvas,
      propertiesPanel: { parent: propertiesPanel },
      additionalModules: [
        BpmnPropertiesPanelModule,
        BpmnPropertiesProviderModule,
        flowcardMenusModule,
        flowcardReplaceModule,
        flowcardPropertiesModule,
        flowcardFormModule,
        lintingModule,
      ],
      linting: lintingConfig({ maxTimerMs: capabilities.maxTimerMs }),
      // A copy: moddle rewrites the names of the descriptor it registers.
      moddleExtensions: { flowcard: structuredClone(flowcardDescriptor) },
      flowcard,
    });
  }

  /** Shows the diagram; answers what bpmn-js could not read of it. */
  async open(bpmnXml: string): Promise<string[]> {
    this.problems = [];
    const { warnings } = await this.modeler.importXML(bpmnXml);
    // An empty process has nothing to fit: bpmn-js's default zoom leaves room to draw.
    if (this.registry.getAll().length > 1) this.fitViewport();
    return warnings.map(String);
  }

  async xml(): Promise<string> {
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml ?? '';
  }

  /** The process id, which the server takes as the definition key. */
  processId(): string {
    const root = this.canvas.getRootElement() as Element;
    return String(root.businessObject.id);
  }

  /**
   * Marks the elements the server named, with their messages beside them; the process
   * itself and ids no longer on the canvas are left out.
   */
  markProblems(problems: { elementId: string; message: string }[]): void {
    const overlays = this.modeler.get<Overlays>('overlays');
    overlays.remove({ type: PROBLEM_MARKER });
    for (const id of this.problems) this.canvas.removeMarker(id, PROBLEM_MARKER);
    const root = this.canvas.getRootElement();
    const messages = new Map<string, string[]>();
    for (const { elementId, message } of problems) {
      const element = this.registry.get(elementId);
      if (element && element !== root) {
        messages.set(elementId, [...(messages.get(elementId) ?? []), message]);
      }
    }
    this.problems = [...messages.keys()];
    for (const [id, listed] of messages) {
      this.canvas.addMarker(id, PROBLEM_MARKER);
      const badge = document.createElement('div');
      badge.className = 'fc-problem-badge';
      badge.title = listed.join('\n');
      badge.textContent = String(listed.length);
      overlays.add(id, PROBLEM_MARKER, { position: { top: -8, right: 8 }, html: badge });
    }
  }

  /** The user tasks on the canvas and what their completion sets, for scripted answers. */
  userTasks(): UserTaskOutline[] {
    return this.registry
      .filter((element) => element.type === 'bpmn:UserTask')
      .map((element) => outlineOf(element as Element));
  }

  /** A diagram-js service (canvas, overlays, elementRegistry…), for the panels that draw on it. */
  get<T>(name: string): T {
    return this.modeler.get<T>(name);
  }

  /** The process name, or its id when it has none: what a draft of it is called. */
  processName(): string {
    const root = this.canvas.getRootElement() as Element;
    const name = root.businessObject.name as unknown;
    return typeof name === 'string' && name.trim() ? name.trim() : this.processId();
  }

  /** Calls `listener` after every edit (and undo or redo) of the diagram. */
  onChanged(listener: () => void): void {
    this.eventBus.on('commandStack.changed', listener);
  }

  /** Calls `listener` with the counts of each lint run (after opening and after each edit). */
  onLinted(listener: (counts: LintCounts) => void): void {
    this.eventBus.on('linting.completed', (event: { issues: Parameters<typeof countIssues>[0] }) =>
      listener(countIssues(event.issues)),
    );
  }

  /** Selects the element (its properties show in the panel) and scrolls it into view. */
  select(elementId: string): void {
    const element = this.registry.get(elementId);
    if (!element) return;
    this.modeler.get<Selection>('selection').select(element);
    this.canvas.scrollToElement(element);
  }

  destroy(): void {
    this.modeler.destroy();
  }

  /** Centred ('auto'), which diagram-js accepts but does not declare. */
  private fitViewport(): void {
    this.modeler.get<CenteringCanvas>('canvas').zoom('fit-viewport', 'auto');
  }

  private get canvas(): Canvas {
    return this.modeler.get<Canvas>('canvas');
  }

  private get eventBus(): EventBus {
    return this.modeler.get<EventBus>('eventBus');
  }

  private get registry(): ElementRegistry {
    return this.modeler.get<ElementRegistry>('elementRegistry');
  }
}
