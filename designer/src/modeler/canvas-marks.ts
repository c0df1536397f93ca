import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type { ProcessModeler } from './process-modeler';

type OverlayPosition = { top?: number; right?: number; bottom?: number; left?: number };

/**
 * Markers (CSS classes on shapes) and overlays one panel puts on the modeler's canvas, all
 * removed together; ids no longer on the canvas are left out.
 */
export class CanvasMarks {
  private readonly marked: { elementId: string; marker: string }[] = [];

  constructor(
    private readonly modeler: ProcessModeler,
    /** The overlay type, unique per panel, so that `clear` leaves other overlays alone. */
    private readonly overlayType: string,
  ) {}

  mark(elementId: string, marker: string): void {
    if (!this.has(elementId)) return;
    this.canvas.addMarker(elementId, marker);
    this.marked.push({ elementId, marker });
  }

  unmark(elementId: string, marker: string): void {
    if (this.has(elementId)) this.canvas.removeMarker(elementId, marker);
  }

  overlay(elementId: string, html: HTMLElement, position: OverlayPosition): void {
    if (!this.has(elementId)) return;
    this.modeler.get<Overlays>('overlays').add(elementId, this.overlayType, { position, html });
  }

  clear(): void {
    for (const { elementId, marker } of this.marked.splice(0)) this.unmark(elementId, marker);
    this.modeler.get<Overlays>('overlays').remove({ type: this.overlayType });
  }

  private has(elementId: string): boolean {
    return Boolean(this.modeler.get<ElementRegistry>('elementRegistry').get(elementId));
  }

  private get canvas(): Canvas {
    return this.modeler.get<Canvas>('canvas');
  }
}
