import { adminApi, type ClientStatus, type Integration, type Pipeline } from './admin-api';
import { attempt, type AdminPanel } from './admin-people';
import { h, headRow } from './dom';

/** The client lifecycle: its statuses, in order, and the moves allowed between them. */
export function statusesPanel(): AdminPanel {
  const rows = h('tbody', { 'data-testid': 'admin-statuses' });
  const status = h('p', { role: 'status' });
  const from = h('select', { name: 'fromStatus', 'aria-label': 'From status' });
  const to = h('select', { name: 'toStatus', 'aria-label': 'To status' });
  const key = h('input', {
    name: 'key',
    required: true,
    pattern: '[a-z][a-z0-9_-]*',
    'aria-label': 'New status key',
    placeholder: 'key',
  });
  const name = h('input', {
    name: 'name',
    required: true,
    'aria-label': 'New status name',
    placeholder: 'Name',
  });

  const targetChip = (source: ClientStatus, target: string, names: Map<string, string>) =>
    h(
      'li',
      {},
      names.get(target) ?? target,
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-label': `Disallow ${source.name} to ${names.get(target) ?? target}`,
          onclick: async () => {
            if (await attempt(status, () => adminApi.removeTransition(source.key, target)))
              await load();
          },
        },
        '×',
      ),
    );

  const load = async () => {
    const { statuses } = await adminApi.listStatuses();
    const names = new Map(statuses.map((entry) => [entry.key, entry.name]));
    const options = () => statuses.map((entry) => h('option', { value: entry.key }, entry.name));
    from.replaceChildren(...options());
    to.replaceChildren(...options());
    rows.replaceChildren(
      ...statuses.map((entry) =>
        h(
          'tr',
          { 'data-key': entry.key },
          h('td', {}, entry.name),
          h('td', {}, h('code', {}, entry.key)),
          h(
            'td',
            {},
            h(
              'ul',
              { class: 'plain chips' },
              ...entry.allowedTargets.map((target) => targetChip(entry, target, names)),
            ),
          ),
        ),
      ),
    );
  };

  return {
    load,
    element: h(
      'section',
      { class: 'card', 'aria-label': 'Client statuses' },
      h('h2', {}, 'Client statuses'),
      h('table', { class: 'list' }, headRow('Status', 'Key', 'May move to'), rows),
      h(
        'form',
        {
          class: 'inline-form',
          'aria-label': 'Allow a status move',
          onsubmit: async (event: SubmitEvent) => {
            event.preventDefault();
            const done = `Clients may now move from ${from.selectedOptions[0]?.text} to ${to.selectedOptions[0]?.text}.`;
            if (await attempt(status, () => adminApi.addTransition(from.value, to.value), done))
              await load();
          },
        },
        from,
        to,
        h('button', { type: 'submit' }, 'Allow move'),
      ),
      h(
        'form',
        {
          class: 'inline-form',
          'aria-label': 'New status',
          onsubmit: async (event: SubmitEvent) => {
            event.preventDefault();
            const created = () => adminApi.createStatus(key.value.trim(), name.value.trim());
            if (await attempt(status, created, `Added status ${name.value.trim()}.`)) {
              key.value = '';
              name.value = '';
              await load();
            }
          },
        },
        key,
        name,
        h('button', { type: 'submit' }, 'Add status'),
      ),
      status,
    ),
  };
}

/** Deal pipelines and their stages; a new pipeline gets its open stages, Won and Lost. */
export function pipelinesPanel(): AdminPanel {
  const list = h('div', { 'data-testid': 'admin-pipelines' });
  const status = h('p', { role: 'status' });
  const name = h('input', {
    name: 'name',
    required: true,
    'aria-label': 'Pipeline name',
    placeholder: 'Pipeline name',
  });
  const stages = h('input', {
    name: 'stages',
    required: true,
    'aria-label': 'Open stages, comma-separated',
    placeholder: 'Qualified, Proposal, Negotiation',
  });

  const pipelineCard = (pipeline: Pipeline) => {
    const stageName = h('input', {
      name: 'stage',
      required: true,
      'aria-label': `New stage of ${pipeline.name}`,
      placeholder: 'New stage',
    });
    const probability = h('input', {
      name: 'probability',
      type: 'number',
      min: 0,
      max: 100,
      value: 50,
      required: true,
      'aria-label': `Probability of the new stage of ${pipeline.name}`,
    });
    const change = async (action: () => Promise<unknown>) => {
      if (await attempt(status, action)) await load();
    };
    return h(
      'article',
      { class: 'card', 'data-id': pipeline.id },
      h(
        'h3',
        {},
        pipeline.name,
        pipeline.isDefault
          ? h('span', { class: 'muted' }, ' (default)')
          : h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => change(() => adminApi.makeDefaultPipeline(pipeline.id)),
              },
              'Make default',
            ),
      ),
      h(
        'ol',
        {},
        ...pipeline.stages.map((stage) =>
          h(
            'li',
            {},
            `${stage.name} · ${stage.probability}% · ${stage.kind} `,
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                'aria-label': `Remove stage ${stage.name} of ${pipeline.name}`,
                onclick: () => change(() => adminApi.removeStage(pipeline.id, stage.id)),
              },
              '×',
            ),
          ),
        ),
      ),
      h(
        'form',
        {
          class: 'inline-form',
          'aria-label': `Add a stage to ${pipeline.name}`,
          onsubmit: (event: SubmitEvent) => {
            event.preventDefault();
            void change(() =>
              adminApi.addStage(pipeline.id, stageName.value.trim(), Number(probability.value)),
            );
          },
        },
        stageName,
        probability,
        h('button', { type: 'submit' }, 'Add stage'),
      ),
    );
  };

  const load = async () => {
    const pipelines = await adminApi.listPipelines();
    list.replaceChildren(...pipelines.items.map(pipelineCard));
  };

  return {
    load,
    element: h(
      'section',
      { class: 'card', 'aria-label': 'Pipelines' },
      h('h2', {}, 'Pipelines'),
      list,
      h(
        'form',
        {
          class: 'inline-form',
          'aria-label': 'New pipeline',
          onsubmit: async (event: SubmitEvent) => {
            event.preventDefault();
            const open = stages.value
              .split(',')
              .map((stage) => stage.trim())
              .filter(Boolean);
            const pipeline = {
              name: name.value.trim(),
              stages: [
                ...open.map((stage, index) => ({
                  name: stage,
                  probability: Math.round(((index + 1) * 100) / (open.length + 1)),
                  kind: 'open' as const,
                })),
                { name: 'Won', probability: 100, kind: 'won' as const },
                { name: 'Lost', probability: 0, kind: 'lost' as const },
              ],
            };
            if (await attempt(status, () => adminApi.createPipeline(pipeline))) {
              name.value = '';
              stages.value = '';
              await load();
            }
          },
        },
        name,
        stages,
        h('button', { type: 'submit' }, 'Create pipeline'),
      ),
      status,
    ),
  };
}

const INTEGRATION_NAMES: Record<Integration['key'], string> = {
  lead: 'Web form (lead hook)',
  telephony: 'Telephony (call hook)',
};

/** Inbound integrations: on or off, and their signing secret rotated (shown this once). */
export function integrationsPanel(): AdminPanel {
  const rows = h('tbody', { 'data-testid': 'admin-integrations' });
  const status = h('p', { role: 'status' });
  const secret = h('div', { 'data-testid': 'new-secret', 'aria-live': 'polite' });

  const row = (integration: Integration) => {
    const label = INTEGRATION_NAMES[integration.key];
    const enabled = h('input', {
      type: 'checkbox',
      checked: integration.enabled,
      'aria-label': `${label} enabled`,
      onchange: async () => {
        const change = () =>
          adminApi.updateIntegration(integration.key, { enabled: enabled.checked });
        if (!(await attempt(status, change))) enabled.checked = !enabled.checked;
      },
    });
    const rotate = async () => {
      secret.replaceChildren();
      await attempt(status, async () => {
        const rotated = await adminApi.rotateSecret(integration.key);
        // Kept only in this element: the server never returns it again.
        secret.replaceChildren(
          h('p', {}, `New secret of ${label}. Copy it now: it will not be shown again.`),
          h('output', { class: 'secret', 'data-testid': 'secret-value' }, rotated.secret),
          h(
            'button',
            { type: 'button', class: 'secondary', onclick: () => secret.replaceChildren() },
            'Done',
          ),
        );
      });
    };
    return h(
      'tr',
      { 'data-key': integration.key },
      h('td', {}, label),
      h('td', {}, enabled),
      h(
        'td',
        {},
        h(
          'button',
          { type: 'button', 'aria-label': `Rotate the secret of ${label}`, onclick: rotate },
          'Rotate secret',
        ),
      ),
    );
  };

  const load = async () => {
    const integrations = await adminApi.listIntegrations();
    rows.replaceChildren(...integrations.items.map(row));
  };

  return {
    load,
    element: h(
      'section',
      { class: 'card', 'aria-label': 'Integrations' },
      h('h2', {}, 'Integrations'),
      h('table', { class: 'list' }, headRow('Integration', 'Enabled', 'Secret'), rows),
      secret,
      status,
    ),
  };
}
