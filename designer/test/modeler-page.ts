/**
 * Drawing in the modeler as an analyst does, for the browser tests: palette entries placed on
 * the canvas or attached to an activity's edge, flows drawn with the connect tool, entries of
 * the replace menu, elements selected and their properties typed and chosen in the panel, and
 * the deploy.
 */
import { Page } from 'playwright-core';
import { eventually } from '#scripts/lib/in-process';

export const canvas = '[data-testid="modeler-canvas"]';
export const shape = (elementId: string) => `[data-element-id="${elementId}"]`;

export class ModelerPage {
  constructor(readonly page: Page) {}

  /** Clicks a palette entry, then the canvas at (x, y) from its top left; answers the new id. */
  async place(action: string, x: number, y: number): Promise<string> {
    await this.deselect();
    await this.startFromPalette(action);
    const box = await this.page.locator(canvas).boundingBox();
    if (!box) throw new Error('the modeler canvas is not visible');
    return this.drop(box.x + x, box.y + y);
  }

  /**
   * Clicks a palette entry (a boundary event), then the bottom edge of `hostId` a little right
   * of its middle, where bpmn-js attaches it; answers the new id.
   */
  async attach(action: string, hostId: string): Promise<string> {
    await this.deselect();
    await this.startFromPalette(action);
    // The shape's visual, not its group: the group also holds the wider outline and hit area.
    const host = await this.page
      .locator(`${canvas} .djs-shape${shape(hostId)} > .djs-visual > :first-child`)
      .boundingBox();
    if (!host) throw new Error(`${hostId} is not on the canvas`);
    const attached = await this.drop(host.x + host.width / 2 + 20, host.y + host.height - 4);
    if (attached === hostId) throw new Error(`bpmn-js did not attach ${action} to ${hostId}`);
    return attached;
  }

  /**
   * Clicks a palette entry. Reaching one low in the long palette scrolls the canvas's containers
   * (overflow hidden) and the page to it, and the diagram with them: scrolled back, the diagram
   * is where the test drew it.
   */
  private async startFromPalette(action: string): Promise<void> {
    await this.page.click(`.djs-palette [data-action="${action}"]`);
    await this.scrollBack();
  }

  /** Scrolls the canvas's containers and the page back to where they were before any click. */
  private async scrollBack(): Promise<void> {
    await this.page.locator('.djs-palette').evaluate((palette) => {
      for (let node = palette.parentElement; node; node = node.parentElement) {
        node.scrollTop = 0;
        node.scrollLeft = 0;
      }
    });
  }

  /**
   * Clicks the canvas's top right corner, which the tests leave empty, until nothing is selected:
   * the context pad of a selected element would take a drop meant for the canvas under it. Again
   * if need be: diagram-js swallows a click that comes soon after a drop (its ghost-click trap).
   */
  private async deselect(): Promise<void> {
    const box = await this.page.locator(canvas).boundingBox();
    if (!box) throw new Error('the modeler canvas is not visible');
    await eventually(async () => {
      await this.page.mouse.click(box.x + box.width - 30, box.y + 30);
      return (await this.page.locator(`${canvas} .djs-shape.selected`).count()) === 0;
    });
  }

  /** Moves what the palette started to the page point (x, y) and drops it there. */
  private async drop(x: number, y: number): Promise<string> {
    await this.page.mouse.move(x - 20, y);
    await this.page.mouse.move(x, y, { steps: 5 });
    await this.page.mouse.click(x, y);
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
    // Again if need be: diagram-js swallows a click soon after a drop or a closed popup.
    await eventually(async () => {
      await this.page.mouse.click(x, y + 150); // ends any tool, closes the context pad
      await this.page.mouse.click(x, y);
      return (
        (await this.page.locator(`${canvas} .djs-shape.selected${shape(elementId)}`).count()) > 0
      );
    });
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

  /**
   * Opens the selected element's replace menu with the context pad's wrench. Again if need be:
   * diagram-js swallows a click that comes soon after a drop (its ghost-click trap).
   */
  async openReplaceMenu(): Promise<void> {
    await eventually(async () => {
      await this.page.click('.djs-context-pad [data-action="replace"]');
      return this.page
        .locator('.djs-popup .entry')
        .first()
        .waitFor({ timeout: 2000 })
        .then(
          () => true,
          () => false,
        );
    });
  }

  /** Clicks an entry of the element's replace menu: a header toggle or a replacement. */
  async replaceMenu(elementId: string, entryId: string): Promise<void> {
    await this.select(elementId);
    await this.openReplaceMenu();
    await this.page.click(`.djs-popup [data-id="${entryId}"]`);
    await this.page.keyboard.press('Escape');
    await this.page.locator('.djs-popup').waitFor({ state: 'detached' });
    // The context pad of an element low on the canvas reaches below it: its wrench scrolls.
    await this.scrollBack();
  }

  /** Opens a properties panel group (bpmn-js shows most of its own closed), if it is closed. */
  async openGroup(groupId: string): Promise<void> {
    const header = this.page.locator(
      `[data-group-id="group-${groupId}"] .bio-properties-panel-group-header`,
    );
    if (!((await header.getAttribute('class')) ?? '').split(' ').includes('open')) {
      await header.click();
    }
  }

  /** Chooses an option of a properties panel select. */
  async chooseProperty(entryId: string, value: string): Promise<void> {
    await this.page.selectOption(`#bio-properties-panel-${entryId}`, value);
  }

  /** The value a properties panel field of the selected element shows. */
  async property(entryId: string): Promise<string> {
    return this.page.locator(`#bio-properties-panel-${entryId}`).inputValue();
  }

  /** Deploys the diagram (no instance runs its key yet); answers the definition key. */
  async deploy(): Promise<string> {
    await this.page.click('button:text("Deploy")');
    const deployed = this.page.locator('[data-testid="modeler-result"] p.ok');
    await deployed.waitFor();
    return (await deployed.getAttribute('data-key')) ?? '';
  }

  /** Types into a properties panel text field and leaves it, so the value is written. */
  async setProperty(entryId: string, value: string): Promise<void> {
    const input = this.page.locator(`#bio-properties-panel-${entryId}`);
    await input.fill(value);
    await input.press('Tab');
  }
}
