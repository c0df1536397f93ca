import { api, ApiError } from './api';
import { errorMessage, h } from './dom';
import { importButton, downloadXml } from './modeler/bpmn-files';
import { DRAFT_ROUTE_PREFIX, DraftKeeper, draftRoute, draftsList } from './modeler/drafts';
import { draftsApi } from './modeler/drafts-api';
import { confirmImpact } from './modeler/impact';
import type { LintCounts } from './modeler/lint';
import { emptyDiagram, ProcessModeler } from './modeler/process-modeler';
import { testRunPanel } from './modeler/test-run';
import { versionsList } from './modeler/versions';
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
 * The analyst's modeler: an empty diagram, the latest version of the definition `route`, or the
 * draft `draft:<id>`; lints live with the compiler's own rules (errors mark Deploy as refused), autosaves a draft on the server,
 * imports .bpmn files, lists the key's versions and drafts, deploys and shows what the server
 * says at the elements it names. A successful deploy deletes the draft it came from: the
 * deployed version holds the diagram now, and "Edit as new draft" starts from it again.
 */
export function mountModeler(root: HTMLElement, route?: string): () => void {
  let disposed = false;
  let modeler: ProcessModeler | undefined;
  let keeper: DraftKeeper | undefined;
  let lint: LintCounts = { errors: 0, warnings: 0 };
  let deploying = false;
  const draftId = route?.startsWith(DRAFT_ROUTE_PREFIX)
    ? route.slice(DRAFT_ROUTE_PREFIX.length)
    : undefined;
  const key = draftId ? undefined : route;

  const title = h('h2', {}, key ? `Loading ${key}…` : 'New process');
  const deploy = h('button', { type: 'button', disabled: true }, 'Deploy');
  const testRun = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Test run');
  const saveDraft = h(
    'button',
    { type: 'button', class: 'secondary', disabled: true },
    'Save draft',
  );
  const lintCount = h('span', { class: 'lint-count', 'data-testid': 'lint-count' });
  const drafts = h('details', { class: 'modeler-drawer', 'data-testid': 'drafts-drawer' });
  const versions = h('details', { class: 'modeler-drawer', 'data-testid': 'versions-drawer' });
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
        h('div', { class: 'modeler-drawers' }, drafts, versions),
        h('span', { class: 'spacer' }),
        h(
          'span',
          {},
          importButton((xml, fileName) => void importFile(xml, fileName)),
        ),
        lintCount,
        saveDraft,
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

  // Lint errors warn rather than disable: the deploy then lists the same problems, with the
  // server's checks of CRM data that lint cannot make, on the elements.
  const updateDeploy = () => {
    deploy.disabled = !modeler || deploying;
    deploy.classList.toggle('warn', lint.errors > 0);
    deploy.title =
      lint.errors > 0
        ? 'Lint shows errors: the server will refuse this diagram until they are fixed'
        : '';
  };

  const showLint = (counts: LintCounts) => {
    lint = counts;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    lintCount.textContent = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`;
    lintCount.className = `lint-count ${counts.errors ? 'error' : 'ok'}`;
    lintCount.dataset.errors = String(counts.errors);
    updateDeploy();
  };

  /** The drawers list the drafts and the versions of the diagram's process key. */
  const showDrawers = () => {
    if (!modeler) return;
    const processKey = modeler.processId();
    drafts.replaceChildren(h('summary', {}, 'Drafts'), draftsList(keeper?.id));
    versions.replaceChildren(
      h('summary', {}, `Versions of ${processKey}`),
      versionsList(processKey),
    );
  };

  const importFile = async (xml: string, fileName: string) => {
    if (!modeler || !keeper) return;
    await keeper.flush();
    try {
      const warnings = await modeler.open(xml);
      if (disposed) return;
      keeper.detach();
      history.replaceState(null, '', '#/modeler');
      title.textContent = `Imported ${fileName}`;
      result.replaceChildren(
        h(
          'p',
          { class: warnings.length ? 'error' : 'muted' },
          warnings.length
            ? `Some of ${fileName} could not be read: ${warnings.join('; ')}`
            : `Imported ${fileName}; lint shows what would stop a deploy.`,
        ),
      );
      keeper.changed();
      showDrawers();
    } catch (err) {
      result.replaceChildren(
        h(
          'p',
          { class: 'error', role: 'alert' },
          `Could not import ${fileName}: ${errorMessage(err)}`,
        ),
      );
    }
  };

  saveDraft.addEventListener('click', () => void keeper?.save().then(showDrawers));

  deploy.addEventListener('click', async () => {
    if (!modeler) return;
    deploying = true;
    updateDeploy();
    result.replaceChildren(h('p', { class: 'muted' }, `Checking ${modeler.processId()}…`));
    try {
      const xml = await modeler.xml();
      // A new version of a key with running instances: the analyst first sees where they wait.
      const impact = await api.definitionImpact(xml);
      if (disposed) return;
      if (impact.runningInstances > 0 && !(await confirmImpact(modeler, result, impact))) {
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
      await keeper?.discard();
      history.replaceState(null, '', `#/modeler/${encodeURIComponent(deployed.key)}`);
      showDrawers();
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
      deploying = false;
      updateDeploy();
    }
  });

  download.addEventListener('click', async () => {
    if (!modeler) return;
    downloadXml(modeler.processId(), await modeler.xml());
  });

  const open = async () => {
    const known = await loadCapabilities();
    const latest = key ? await latestDefinition(key) : undefined;
    const draft = draftId ? await draftsApi.get(draftId) : undefined;
    const xml = draft?.bpmnXml ?? latest?.bpmnXml ?? emptyDiagram(newProcessId());
    if (disposed) return;
    modeler = new ProcessModeler(canvas, properties, known);
    const opened = modeler;
    opened.onLinted(showLint);
    keeper = new DraftKeeper(opened, draft?.id, (created) => {
      if (!disposed) history.replaceState(null, '', draftRoute(created.id));
    });
    const saving = keeper;
    const warnings = await opened.open(xml);
    if (disposed) return;
    opened.onChanged(() => saving.changed());
    if (latest) title.textContent = `Edit ${latest.key} (from v${latest.version})`;
    if (draft) title.textContent = `Draft: ${draft.name}`;
    if (warnings.length) {
      result.replaceChildren(
        h('p', { class: 'error' }, `Some of the diagram could not be read: ${warnings.join('; ')}`),
      );
    }
    updateDeploy();
    download.disabled = false;
    testRun.disabled = false;
    saveDraft.disabled = false;
    saving.status.hidden = false;
    title.after(saving.status);
    showDrawers();
  };

  open().catch((err) => {
    if (disposed) return;
    title.textContent = key ? `Could not open ${key}` : 'Could not open the modeler';
    result.replaceChildren(h('p', { class: 'error', role: 'alert' }, errorMessage(err)));
  });

  return () => {
    disposed = true;
    runner.dispose();
    // An edit still waiting for its autosave is saved on the way out.
    const closing = modeler;
    void (keeper?.flush() ?? Promise.resolve()).finally(() => closing?.destroy());
  };
}

async function latestDefinition(key: string): Promise<ProcessDefinition> {
  const [latest] = await api.listDefinitions(key); // newest version first
  if (!latest) throw new Error(`No definition with the key ${key} is deployed`);
  return api.getDefinition(latest.id);
}
