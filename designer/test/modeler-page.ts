/**
 * Drawing in the modeler as an analyst does, for the browser tests: palette entries placed on
 * the canvas, flows drawn with the connect tool, elements selected for the properties panel.
 */
import { Page } from 'playwright-core';
import { eventually } from '#scripts/lib/in-process';

export const canvas = '[data-testid="modeler-canvas"]';
export const shape = (elementId: string) => `[data-element-id="${elementId}"]`;

export class ModelerPage {
  constructor(readonly page: Page) {}

  /** Clicks a palette entry, then the canvas at (x, y) from its top left; answers the new id. */
  async place(action: string, x: number, y: number): Promise<string> {
    const box = await this.page.locator(canvas).boundingBox();
    if (!box) throw new Error('the modeler canvas is not visible');
    await this.page.click(`.djs-palette [data-action="${action}"]`);
    await this.page.mouse.move(box.x + x - 20, box.y + y);
    await this.page.mouse.move(box.x + x, box.y + y, { steps: 5 });
    await this.page.mouse.click(box.x + x, box.y + y);
    const selected = this.page.locator(`${canvas} .djs-shape.selected`);
    await selected.waitFor();
    return (await selected.getAttribute('data-element-id')) ?? '';
  }

  async centreOf(elementId: string): Promise<{ x: number; y: number }> {
    const box = await this.page.locator(`${canvas} .djs-shape${shape(elementId)}`).boundingBox();
    if (!box) throw new Error(`${elementId} is not on the canvas`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /** Selects the element, so that the properties panel shows it. */
  async select(elementId: string): Promise<void> {
    const { x, y } = await this.centreOf(elementId);
    await this.page.mouse.click(x, y + 150); // ends any tool, closes the context pad
    await this.page.mouse.click(x, y);
    await this.page.waitForSelector(`${canvas} .djs-shape.selected${shape(elementId)}`);
  }

  /** Draws a sequence flow with the palette's connect tool. */
  async connect(sourceId: string, targetId: string): Promise<void> {
    const flows = await this.page.locator(`${canvas} .djs-connection`).count();
    const below = await this.centreOf(sourceId);
    // A click on the empty canvas closes the context pad, which can lie over the source.
    await this.page.mouse.click(below.x, below.y + 150);
    await this.page.click('.djs-palette [data-action="global-connect-tool"]');
    // Read after the click: reaching a tool low in a long palette scrolls the page.
    const source = await this.centreOf(sourceId);
    const target = await this.centreOf(targetId);
    await this.page.mouse.move(source.x, source.y);
    await this.page.mouse.down();
    await this.page.mouse.move(target.x, target.y, { steps: 10 });
    await this.page.mouse.up();
    await eventually(
      async () => (await this.page.locator(`${canvas} .djs-connection`).count()) > flows,
    );
  }

  /** Types into a properties panel text field and leaves it, so the value is written. */
  async setProperty(entryId: string, value: string): Promise<void> {
    const input = this.page.locator(`#bio-properties-panel-${entryId}`);
    await input.fill(value);
    await input.press('Tab');
  }
}
