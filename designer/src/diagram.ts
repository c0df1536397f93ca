import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

/** Marker classes, styled in app.css. */
export type Marker = 'fc-completed' | 'fc-active' | 'fc-interrupted';

interface Canvas {
  zoom(level: 'fit-viewport', center?: 'auto'): number;
  addMarker(elementId: string, marker: string): void;
  removeMarker(elementId: string, marker: string): void;
}

interface ElementRegistry {
  get(id: string): unknown;
}

/** A read-only BPMN diagram (pan and zoom) that can highlight elements with marker classes. */
export class DiagramView {
  private readonly viewer: NavigatedViewer;
  private applied = new Map<string, Marker>();

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container });
  }

  async show(bpmnXml: string): Promise<void> {
    this.applied.clear();
    await this.viewer.importXML(bpmnXml);
    this.canvas.zoom('fit-viewport', 'auto');
  }

  /** Replaces all markers with the given element id → marker map (only changes are applied). */
  setMarkers(markers: ReadonlyMap<string, Marker>): void {
    const registry = this.viewer.get<ElementRegistry>('elementRegistry');
    for (const [id, marker] of this.applied) {
      if (markers.get(id) !== marker) this.canvas.removeMarker(id, marker);
    }
    const next = new Map<string, Marker>();
    for (const [id, marker] of markers) {
      if (!registry.get(id)) continue; // e.g. the process itself, or an element of another diagram
      if (this.applied.get(id) !== marker) this.canvas.addMarker(id, marker);
      next.set(id, marker);
    }
    this.applied = next;
  }

  destroy(): void {
    this.viewer.destroy();
  }

  private get canvas(): Canvas {
    return this.viewer.get<Canvas>('canvas');
  }
}
