/**
 * The deployed versions of a process key (who deployed each, when): open one read-only, download
 * its XML, or start a new draft from it.
 */
import { api } from '../api';
import { DiagramView } from '../diagram';
import { errorMessage, formatDate, h, headRow } from '../dom';
import type { ProcessDefinition, ProcessDefinitionSummary } from '../types';
import { downloadXml } from './bpmn-files';
import { draftRoute } from './drafts';
import { draftsApi } from './drafts-api';

export function versionsList(key: string): HTMLElement {
  const body = h('tbody');
  const note = h('p', { class: 'muted', role: 'status' }, 'Loading…');
  const table = h(
    'table',
    { class: 'list', 'data-testid': 'versions' },
    headRow('Version', 'Deployed by', 'Deployed at', ''),
    body,
  );

  const withDefinition = (id: string, use: (definition: ProcessDefinition) => Promise<void>) => {
    note.textContent = '';
    api
      .getDefinition(id)
      .then(use)
      .catch((err) => (note.textContent = errorMessage(err)));
  };

  const row = (version: ProcessDefinitionSummary) => {
    const label = `${version.key} v${version.version}`;
    const action = (text: string, use: (definition: ProcessDefinition) => Promise<void>) =>
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          'aria-label': `${text}: ${label}`,
          onclick: () => withDefinition(version.id, use),
        },
        text,
      );
    return h(
      'tr',
      { 'data-version': String(version.version) },
      h('td', {}, `v${version.version}`),
      h('td', {}, version.deployedByName ?? '—'),
      h('td', {}, formatDate(version.deployedAt)),
      h(
        'td',
        { class: 'actions' },
        action('View', async (definition) => showReadOnly(definition)),
        action('Download', async (definition) =>
          downloadXml(`${definition.key}-v${definition.version}`, definition.bpmnXml),
        ),
        action('Edit as new draft', async (definition) => {
          const draft = await draftsApi.create({
            name: `${definition.name || definition.key} (from v${definition.version})`.slice(
              0,
              200,
            ),
            processKey: definition.key,
            bpmnXml: definition.bpmnXml,
          });
          location.hash = draftRoute(draft.id);
        }),
      ),
    );
  };

  api.listDefinitions(key).then(
    (versions) => {
      note.textContent = versions.length ? '' : `${key} is not deployed yet.`;
      table.hidden = !versions.length;
      body.replaceChildren(...versions.map(row));
    },
    (err) => (note.textContent = `Could not load the versions: ${errorMessage(err)}`),
  );
  return h('div', {}, table, note);
}

/** A modal dialog with the version's diagram in a viewer: nothing in it can be changed. */
function showReadOnly(definition: ProcessDefinition): Promise<void> {
  const canvas = h('div', { class: 'diagram', 'data-testid': 'version-diagram' });
  const close = h('button', { type: 'button', class: 'secondary' }, 'Close');
  const download = h('button', { type: 'button', class: 'secondary' }, 'Download XML');
  const dialog = h(
    'dialog',
    {
      class: 'version-dialog',
      'data-testid': 'version-dialog',
      'aria-label': `${definition.key} v${definition.version}, read-only`,
    },
    h(
      'div',
      { class: 'modeler-toolbar' },
      h('h2', {}, `${definition.name || definition.key} v${definition.version} (read-only)`),
      h('span', { class: 'spacer' }),
      download,
      close,
    ),
    canvas,
  );
  const viewer = new DiagramView(canvas);
  download.addEventListener('click', () =>
    downloadXml(`${definition.key}-v${definition.version}`, definition.bpmnXml),
  );
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    viewer.destroy();
    dialog.remove();
  });
  document.body.append(dialog);
  dialog.showModal();
  return viewer.show(definition.bpmnXml);
}
