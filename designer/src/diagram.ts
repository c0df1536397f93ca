import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';

/** Marker classes, styled in app.css. */
export type Marker = 'fc-completed' | 'fc-active' | 'fc-interrupted' | 'fc-incident';

/** A badge on an element: its text, a class for its look, and its tooltip. */
export interface Badge {
  text: string;
  className: string;
  title?: string;
}

interface Canvas {
  zoom(level: 'fit-viewport', center?: 'auto'): number;
  addMarker(elementId: string, marker: string): void;
  removeMarker(elementId: string, marker: string): void;
}

interface ElementRegistry {
  get(id: string): unknown;
}

/** The overlay type of every badge, so they are replaced together. */
const BADGE = 'fc-badge';

/**
 * A read-only BPMN diagram (pan and zoom) that can highlight elements with marker classes and
 * put badges (token counts, heat) on them.
 */
export class DiagramView {
  private readonly viewer: NavigatedViewer;
  private applied = new Map<string, string>();

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container });
  }

  async show(bpmnXml: string): Promise<void> {
    this.applied.clear();
    await this.viewer.importXML(bpmnXml);
    this.canvas.zoom('fit-viewport', 'auto');
  }

  /** Replaces all markers with the given element id → marker map (only changes are applied). */
  setMarkers(markers: ReadonlyMap<string, Marker | string>): void {
    const registry = this.viewer.get<ElementRegistry>('elementRegistry');
    for (const [id, marker] of this.applied) {
      if (markers.get(id) !== marker) this.canvas.removeMarker(id, marker);
    }
    const next = new Map<string, string>();
    for (const [id, marker] of markers) {
      if (!registry.get(id)) continue; // e.g. the process itself, or an element of another diagram
      if (this.applied.get(id) !== marker) this.canvas.addMarker(id, marker);
      next.set(id, marker);
    }
    this.applied = next;
  }

  /** Replaces all badges with these, one per element id (at its top right corner). */
  setBadges(badges: ReadonlyMap<string, Badge>): void {
    const registry = this.viewer.get<ElementRegistry>('elementRegistry');
    const overlays = this.viewer.get<Overlays>('overlays');
    overlays.remove({ type: BADGE });
    for (const [id, badge] of badges) {
      if (!registry.get(id)) continue;
      const html = document.createElement('div');
      html.className = `fc-badge ${badge.className}`;
      html.textContent = badge.text;
      html.dataset.elementId = id;
      if (badge.title) html.title = badge.title;
      overlays.add(id, BADGE, { position: { top: -10, right: 10 }, html });
    }
  }

  destroy(): void {
    this.viewer.destroy();
  }

  private get canvas(): Canvas {
    return this.viewer.get<Canvas>('canvas');
  }
}
