import { api, ApiError } from './api';
import { errorMessage, h } from './dom';
import { confirmImpact } from './modeler/impact';
import { emptyDiagram, ProcessModeler } from './modeler/process-modeler';
import { testRunPanel } from './modeler/test-run';
import type { BpmnCapabilities, BpmnProblem, ProcessDefinition } from './types';

/** Fetched once: the compiler's list does not change while the app runs. */
let capabilities: Promise<BpmnCapabilities> | undefined;

/** A fresh definition key; the analyst may rename the process in the properties panel. */
function newProcessId(): string {
  return `Process_${Math.random().toString(36).slice(2, 9)}`;
}

function loadCapabilities(): Promise<BpmnCapabilities> {
  capabilities ??= api.getBpmnCapabilities().catch((err: unknown) => {
    capabilities = undefined; // ask again next time
    throw err;
  });
  return capabilities;
}

/**
 * The analyst's modeler: an empty diagram, or the latest version of the definition `key`;
 * deploys to the server and shows what the compiler says at the elements it names.
 */
export function mountModeler(root: HTMLElement, key?: string): () => void {
  let disposed = false;
  let modeler: ProcessModeler | undefined;

  const title = h('h2', {}, key ? `Loading ${key}…` : 'New process');
  const deploy = h('button', { type: 'button', disabled: true }, 'Deploy');
  const testRun = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Test run');
  const download = h(
    'button',
    { type: 'button', class: 'secondary', disabled: true },
    'Download XML',
  );
  const result = h('div', {
    class: 'modeler-result',
    role: 'status',
    'data-testid': 'modeler-result',
  });
  const canvas = h('div', { class: 'modeler-canvas', 'data-testid': 'modeler-canvas' });
  const properties = h('div', { class: 'modeler-properties', 'data-testid': 'properties-panel' });

  root.replaceChildren(
    h(
      'div',
      { class: 'modeler' },
      h(
        'div',
        { class: 'modeler-toolbar' },
        title,
        h('span', { class: 'spacer' }),
        download,
        testRun,
        deploy,
      ),
      result,
      h('div', { class: 'modeler-body' }, canvas, properties),
    ),
  );

  const showProblems = (heading: HTMLElement, problems: BpmnProblem[], testId: string) => {
    modeler?.markProblems(
      problems.flatMap(({ elementId, message }) => (elementId ? [{ elementId, message }] : [])),
    );
    result.replaceChildren(heading);
    if (problems.length) {
      result.append(
        h(
          'ul',
          { class: 'problems', 'data-testid': testId },
          problems.map((problem) =>
            h(
              'li',
              { 'data-element-id': problem.elementId ?? '' },
              problem.elementId
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'link',
                      title: 'Show on the diagram',
                      onclick: () => modeler?.select(problem.elementId ?? ''),
                    },
                    problem.elementId,
                  )
                : h('span', { class: 'muted' }, '(diagram)'),
              ': ',
              problem.message,
            ),
          ),
        ),
      );
    }
  };

  const runner = testRunPanel({
    modeler: () => modeler,
    showProblems,
    clearProblems: () => {
      modeler?.markProblems([]);
      result.replaceChildren();
    },
  });
  root.querySelector('.modeler')?.append(runner.element);
  testRun.addEventListener('click', () => {
    runner.open();
    runner.element.scrollIntoView({ block: 'nearest' });
  });

  deploy.addEventListener('click', async () => {
    if (!modeler) return;
    deploy.disabled = true;
    result.replaceChildren(h('p', { class: 'muted' }, `Checking ${modeler.processId()}…`));
    try {
      const xml = await modeler.xml();
      // A new version of a deployed key: the analyst first sees the running instances it meets.
      const impact = await api.definitionImpact(xml);
      if (disposed) return;
      if (impact.latestVersion !== null && !(await confirmImpact(modeler, result, impact))) {
        result.replaceChildren(h('p', { class: 'muted' }, 'Not deployed.'));
        return;
      }
      result.replaceChildren(h('p', { class: 'muted' }, `Deploying ${modeler.processId()}…`));
      const deployed = await api.deployDefinition(xml);
      if (disposed) return;
      const link = h(
        'a',
        { href: `#/definitions/${encodeURIComponent(deployed.id)}` },
        `${deployed.key} v${deployed.version}`,
      );
      const heading = h(
        'p',
        { class: 'ok', 'data-key': deployed.key, 'data-version': String(deployed.version) },
        'Deployed ',
        link,
        deployed.warnings.length ? '. The compiler warns:' : '.',
      );
      showProblems(heading, deployed.warnings, 'deploy-warnings');
    } catch (err) {
      if (disposed) return;
      const problems =
        err instanceof ApiError && Array.isArray(err.details) ? (err.details as BpmnProblem[]) : [];
      // The message of a refused diagram repeats the problems, listed one by one below.
      const message = problems.length
        ? `Deployment failed: the diagram has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`
        : `Deployment failed: ${errorMessage(err)}`;
      const heading = h('p', { class: 'error', role: 'alert' }, message);
      showProblems(heading, problems, 'deploy-errors');
    } finally {
      deploy.disabled = false;
    }
  });

  download.addEventListener('click', async () => {
    if (!modeler) return;
    const url = URL.createObjectURL(new Blob([await modeler.xml()], { type: 'application/xml' }));
    h('a', { href: url, download: `${modeler.processId()}.bpmn` }).click();
    URL.revokeObjectURL(url);
  });

  const open = async () => {
    const known = await loadCapabilities();
    const latest = key ? await latestDefinition(key) : undefined;
    const xml = latest ? latest.bpmnXml : emptyDiagram(newProcessId());
    if (disposed) return;
    modeler = new ProcessModeler(canvas, properties, known);
    const warnings = await modeler.open(xml);
    if (disposed) return;
    if (latest) title.textContent = `Edit ${latest.key} (from v${latest.version})`;
    if (warnings.length) {
      result.replaceChildren(
        h('p', { class: 'error' }, `Some of the diagram could not be read: ${warnings.join('; ')}`),
      );
    }
    deploy.disabled = false;
    download.disabled = false;
    testRun.disabled = false;
  };

  open().catch((err) => {
    if (disposed) return;
    title.textContent = key ? `Could not open ${key}` : 'Could not open the modeler';
    result.replaceChildren(h('p', { class: 'error', role: 'alert' }, errorMessage(err)));
  });

  return () => {
    disposed = true;
    runner.dispose();
    modeler?.destroy();
  };
}

async function latestDefinition(key: string): Promise<ProcessDefinition> {
  const [latest] = await api.listDefinitions(key); // newest version first
  if (!latest) throw new Error(`No definition with the key ${key} is deployed`);
  return api.getDefinition(latest.id);
}
