import { api, ApiError, session } from './api';
import { DiagramView } from './diagram';
import { errorMessage, formatDate, h, headRow } from './dom';
import type { BpmnProblem, DeployedDefinition, ProcessDefinitionSummary } from './types';

/** Message of the last successful deployment, shown once by the next upload form. */
let deployedNotice: string | undefined;

/** Deployed definitions, the BPMN upload and (when `selectedId` is set) the selected diagram. */
export function mountDefinitions(root: HTMLElement, selectedId?: string): () => void {
  let disposed = false;
  let diagram: DiagramView | undefined;

  const tableBody = h('tbody');
  const listStatus = h('p', { class: 'muted' }, 'Loading…');
  const diagramTitle = h('h2', {}, selectedId ? 'Loading diagram…' : 'Select a definition');
  const edit = h('a', { class: 'button-link', hidden: true }, 'Edit in the modeler');
  const heatmap = h('a', { class: 'button-link', hidden: true }, 'Heatmap');
  const diagramStatus = h('p', { class: 'error', role: 'alert' });
  const canvas = h('div', { class: 'diagram', 'data-testid': 'definition-diagram' });

  root.replaceChildren(
    h(
      'div',
      { class: 'split' },
      h(
        'section',
        { class: 'sidebar' },
        uploadForm((deployed) => {
          location.hash = `#/definitions/${encodeURIComponent(deployed.id)}`;
        }),
        h('h2', {}, 'Process definitions'),
        h(
          'table',
          { class: 'list clickable', 'data-testid': 'definitions' },
          headRow('Key', 'Name', 'Version', 'Deployed at'),
          tableBody,
        ),
        listStatus,
      ),
      h(
        'section',
        { class: 'main' },
        h('div', { class: 'diagram-header' }, diagramTitle, edit, heatmap),
        diagramStatus,
        canvas,
      ),
    ),
  );

  const renderList = (definitions: ProcessDefinitionSummary[]) => {
    listStatus.textContent = definitions.length ? '' : 'Nothing deployed yet.';
    tableBody.replaceChildren(
      ...definitions.map((d) =>
        h(
          'tr',
          {
            class: d.id === selectedId ? 'selected' : '',
            'data-id': d.id,
            onclick: () => (location.hash = `#/definitions/${encodeURIComponent(d.id)}`),
          },
          h('td', {}, h('a', { href: `#/definitions/${encodeURIComponent(d.id)}` }, d.key)),
          h('td', {}, d.name ?? ''),
          h('td', {}, `v${d.version}`),
          h('td', {}, formatDate(d.deployedAt)),
        ),
      ),
    );
  };

  api.listDefinitions().then(
    (definitions) => !disposed && renderList(definitions),
    (err) =>
      !disposed && (listStatus.textContent = `Could not load definitions: ${errorMessage(err)}`),
  );

  if (selectedId) {
    diagram = new DiagramView(canvas);
    api
      .getDefinition(selectedId)
      .then(async (definition) => {
        if (disposed) return;
        diagramTitle.textContent = `${definition.name || definition.key} (v${definition.version})`;
        edit.href = `#/modeler/${encodeURIComponent(definition.key)}`;
        edit.hidden = !session.canModel;
        heatmap.href = `#/heatmap/${encodeURIComponent(definition.id)}`;
        heatmap.hidden = !session.canOperate;
        await diagram?.show(definition.bpmnXml);
      })
      .catch((err) => {
        if (!disposed)
          diagramStatus.textContent = `Could not show the diagram: ${errorMessage(err)}`;
      });
  }

  return () => {
    disposed = true;
    diagram?.destroy();
  };
}

/** File input + deploy button; shows the server's BPMN validation errors beside the upload. */
function uploadForm(onDeployed: (definition: DeployedDefinition) => void): HTMLElement {
  const file = h('input', {
    type: 'file',
    name: 'bpmn',
    accept: '.bpmn,.xml,application/xml,text/xml',
  });
  const submit = h('button', { type: 'submit', disabled: true }, 'Deploy');
  const result = h(
    'div',
    { class: 'upload-result', role: 'status', 'data-testid': 'deploy-result' },
    deployedNotice && h('p', { class: 'ok' }, deployedNotice),
  );
  deployedNotice = undefined;
  file.addEventListener('change', () => {
    submit.disabled = !file.files?.length;
    result.replaceChildren();
  });

  return h(
    'form',
    {
      class: 'card upload',
      'data-testid': 'deploy-form',
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        const chosen = file.files?.[0];
        if (!chosen) return;
        submit.disabled = true;
        result.replaceChildren(h('p', { class: 'muted' }, `Deploying ${chosen.name}…`));
        try {
          const deployed = await api.deployDefinition(await chosen.text());
          deployedNotice = deployedMessage(deployed);
          result.replaceChildren(h('p', { class: 'ok' }, deployedNotice));
          file.value = '';
          onDeployed(deployed);
        } catch (err) {
          result.replaceChildren(...deployErrors(err));
          submit.disabled = false;
        }
      },
    },
    h('h2', {}, 'Deploy BPMN file'),
    file,
    submit,
    result,
  );
}

/** The compiler's warnings do not stop a deploy, but the analyst should read them. */
function deployedMessage({ key, version, warnings, created }: DeployedDefinition): string {
  const deployed = created
    ? `Deployed ${key} v${version}.`
    : `${key} v${version} is this same diagram: no new version.`;
  if (!warnings.length) return deployed;
  const listed = warnings.map((w) => (w.elementId ? `${w.elementId}: ${w.message}` : w.message));
  return `${deployed} Warnings: ${listed.join('; ')}`;
}

function deployErrors(err: unknown): HTMLElement[] {
  const message = h(
    'p',
    { class: 'error', role: 'alert' },
    `Deployment failed: ${errorMessage(err)}`,
  );
  const problems =
    err instanceof ApiError && Array.isArray(err.details) ? (err.details as BpmnProblem[]) : [];
  if (!problems.length) return [message];
  return [
    message,
    h(
      'ul',
      { class: 'problems', 'data-testid': 'deploy-errors' },
      problems.map((p) =>
        h(
          'li',
          {},
          p.elementId ? h('code', {}, p.elementId) : h('span', { class: 'muted' }, '(diagram)'),
          p.line !== undefined && p.line !== null
            ? h('span', { class: 'muted' }, ` line ${p.line}`)
            : null,
          ': ',
          p.message,
        ),
      ),
    ),
  ];
}
