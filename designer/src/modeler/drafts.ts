/**
 * The open diagram's draft on the server: saved a moment after each edit (and on demand), so a
 * reload or another analyst finds it in the list of drafts.
 */
import { errorMessage, formatDate, h } from '../dom';
import { type Draft, draftsApi, type DraftSummary } from './drafts-api';

/** Edits this close together make one save. */
const AUTOSAVE_DELAY_MS = 1000;

/** The route of a draft: `#/modeler/draft:<id>`. */
export const DRAFT_ROUTE_PREFIX = 'draft:';

export function draftRoute(id: string): string {
  return `#/modeler/${DRAFT_ROUTE_PREFIX}${encodeURIComponent(id)}`;
}

interface DiagramSource {
  xml(): Promise<string>;
  processId(): string;
  processName(): string;
}

export class DraftKeeper {
  /** Shows "Saved at …", "Saving…" or why the last save failed. */
  readonly status = h('span', {
    class: 'muted draft-status',
    role: 'status',
    'data-testid': 'draft-status',
  });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly diagram: DiagramSource,
    private draftId: string | undefined,
    /** After the first save of a new draft, with its id. */
    private readonly onCreated: (draft: Draft) => void,
  ) {}

  get id(): string | undefined {
    return this.draftId;
  }

  /** An edit happened: save soon. */
  changed(): void {
    this.dirty = true;
    this.status.textContent = 'Unsaved changes';
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save(), AUTOSAVE_DELAY_MS);
  }

  /** Saves now (also with no edit since the last save, when asked by the analyst). */
  save(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // One save at a time: a second one waits, so a new draft is created once.
    this.saving = this.saving.then(() => this.write());
    return this.saving;
  }

  /** Saves the edits still waiting for their autosave, if any. */
  flush(): Promise<void> {
    return this.timer === undefined ? this.saving : this.save();
  }

  /** Forgets the draft (deleted after a deploy): the next edit starts a new one. */
  async discard(): Promise<void> {
    clearTimeout(this.timer);
    await this.saving;
    const id = this.draftId;
    this.draftId = undefined;
    this.dirty = false;
    if (id) await draftsApi.remove(id);
    this.status.textContent = '';
  }

  /** Keeps the draft on the server but saves the next edit as a new one (after an import). */
  detach(): void {
    clearTimeout(this.timer);
    this.draftId = undefined;
  }

  private async write(): Promise<void> {
    this.dirty = false;
    this.status.textContent = 'Saving…';
    try {
      const change = {
        name: this.diagram.processName().slice(0, 200),
        processKey: this.diagram.processId(),
        bpmnXml: await this.diagram.xml(),
      };
      if (this.draftId) {
        await draftsApi.update(this.draftId, change);
      } else {
        const created = await draftsApi.create(change);
        this.draftId = created.id;
        this.onCreated(created);
      }
      if (!this.dirty) {
        this.status.textContent = `Draft saved at ${new Date().toLocaleTimeString()}`;
      }
    } catch (err) {
      this.dirty = true;
      this.status.textContent = `Draft not saved: ${errorMessage(err)}`;
    }
  }
}

/** The saved drafts, most recent first, each to open or delete. */
export function draftsList(currentId: string | undefined): HTMLElement {
  const list = h('ul', { class: 'drafts', 'data-testid': 'drafts' });
  const note = h('p', { class: 'muted' }, 'Loading…');
  const render = (drafts: DraftSummary[]) => {
    note.textContent = drafts.length ? '' : 'No drafts saved.';
    list.replaceChildren(
      ...drafts.map((draft) => {
        const remove = h(
          'button',
          { type: 'button', class: 'link', 'aria-label': `Delete the draft ${draft.name}` },
          'Delete',
        );
        remove.addEventListener('click', async () => {
          if (!confirm(`Delete the draft "${draft.name}"?`)) return;
          try {
            await draftsApi.remove(draft.id);
            load();
          } catch (err) {
            note.textContent = `Could not delete: ${errorMessage(err)}`;
          }
        });
        return h(
          'li',
          { 'data-draft-id': draft.id, class: draft.id === currentId ? 'selected' : '' },
          h('a', { href: draftRoute(draft.id) }, draft.name),
          draft.processKey ? h('code', {}, ` ${draft.processKey}`) : null,
          h(
            'span',
            { class: 'muted' },
            ` saved ${formatDate(draft.updatedAt)}${draft.updatedByName ? ` by ${draft.updatedByName}` : ''} `,
          ),
          remove,
        );
      }),
    );
  };
  const load = () =>
    draftsApi.list().then(
      (page) => render(page.items),
      (err) => (note.textContent = `Could not load drafts: ${errorMessage(err)}`),
    );
  load();
  return h('div', {}, list, note);
}
