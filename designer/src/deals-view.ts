import { api } from './api';
import { errorMessage, h } from './dom';
import type { Board, BoardDeal, Pipeline } from './types';

const DEAL_MIME = 'application/x-flowcard-deal';

/**
 * The deals board of one pipeline (the default one when none is named): a column per stage,
 * deals dragged between columns (HTML5 drag and drop) or moved with each card's stage menu
 * from the keyboard. A move is the server's `POST /deals/:id/stage`; a drop on the lost stage
 * asks for the reason the server needs.
 */
export function mountDeals(root: HTMLElement, pipelineId: string | undefined): () => void {
  let disposed = false;
  let board: Board | undefined;

  const picker = h('select', { name: 'pipeline', 'aria-label': 'Pipeline' });
  const problem = h('p', { class: 'error', role: 'alert' });
  const columns = h('div', { class: 'board', 'data-testid': 'deals-board' });

  picker.addEventListener('change', () => {
    location.hash = `#/deals/${encodeURIComponent(picker.value)}`;
  });

  root.replaceChildren(
    h(
      'div',
      { class: 'deals' },
      h('header', { class: 'instance-header' }, h('h2', {}, 'Deals'), picker),
      problem,
      columns,
    ),
  );

  const move = async (dealId: string, stageId: string) => {
    const stage = board?.columns.find((column) => column.stage.id === stageId)?.stage;
    if (!board || !stage) return;
    problem.textContent = '';
    try {
      if (stage.kind === 'lost') {
        const reason = window.prompt('Why was the deal lost?')?.trim();
        if (!reason) return;
        await api.loseDeal(dealId, reason);
      } else {
        await api.moveDeal(dealId, stageId);
      }
    } catch (err) {
      problem.textContent = `Could not move the deal: ${errorMessage(err)}`;
    }
    await load(board.pipeline.id);
  };

  const dealCard = (deal: BoardDeal, stages: Board['columns'][number]['stage'][]) => {
    // From the keyboard: choose the stage, then Move (a drag does the same with the mouse).
    const stageMenu = h(
      'select',
      { name: 'stage', 'aria-label': `Stage of ${deal.title}` },
      stages.map((stage) =>
        h('option', { value: stage.id, selected: stage.id === deal.stageId }, stage.name),
      ),
    );
    const moveForm = h(
      'form',
      {
        class: 'inline-form',
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          if (stageMenu.value !== deal.stageId) void move(deal.id, stageMenu.value);
        },
      },
      stageMenu,
      h('button', { type: 'submit', 'aria-label': `Move ${deal.title}` }, 'Move'),
    );
    return h(
      'article',
      {
        class: 'deal',
        draggable: 'true',
        'data-id': deal.id,
        ondragstart: (event: DragEvent) => {
          event.dataTransfer?.setData(DEAL_MIME, deal.id);
          event.dataTransfer?.setData('text/plain', deal.title);
        },
      },
      h('h4', {}, h('a', { href: `#/clients/${encodeURIComponent(deal.clientId)}` }, deal.title)),
      h('p', { class: 'muted' }, `${deal.amount} ${deal.currency}`),
      moveForm,
    );
  };

  const render = (loaded: Board) => {
    const stages = loaded.columns.map((column) => column.stage);
    columns.replaceChildren(
      ...loaded.columns.map((column) => {
        const sums = Object.entries(column.amountByCurrency)
          .map(([currency, amount]) => `${amount} ${currency}`)
          .join(', ');
        const section: HTMLElement = h(
          'section',
          {
            class: `board-column stage-${column.stage.kind}`,
            'data-stage-id': column.stage.id,
            'aria-label': column.stage.name,
            ondragover: (event: DragEvent) => {
              if (!event.dataTransfer?.types.includes(DEAL_MIME)) return;
              event.preventDefault();
              section.classList.add('drop-target');
            },
            ondragleave: () => section.classList.remove('drop-target'),
            ondrop: (event: DragEvent) => {
              section.classList.remove('drop-target');
              const dealId = event.dataTransfer?.getData(DEAL_MIME);
              if (!dealId) return;
              event.preventDefault();
              void move(dealId, column.stage.id);
            },
          },
          h('h3', {}, column.stage.name, h('span', { class: 'muted' }, ` (${column.count})`)),
          sums && h('p', { class: 'muted' }, sums),
          ...column.deals.map((deal) => dealCard(deal, stages)),
        );
        return section;
      }),
    );
  };

  const load = async (id: string) => {
    try {
      const loaded = await api.getBoard(id);
      if (disposed) return;
      board = loaded;
      render(loaded);
    } catch (err) {
      if (!disposed) problem.textContent = `Could not load the board: ${errorMessage(err)}`;
    }
  };

  (async () => {
    try {
      const pipelines: Pipeline[] = (await api.listPipelines()).items;
      if (disposed) return;
      const chosen =
        pipelines.find((pipeline) => pipeline.id === pipelineId) ??
        pipelines.find((pipeline) => pipeline.isDefault) ??
        pipelines[0];
      picker.replaceChildren(
        ...pipelines.map((pipeline) =>
          h('option', { value: pipeline.id, selected: pipeline === chosen }, pipeline.name),
        ),
      );
      if (chosen) await load(chosen.id);
      else problem.textContent = 'There is no pipeline yet.';
    } catch (err) {
      if (!disposed) problem.textContent = `Could not load pipelines: ${errorMessage(err)}`;
    }
  })();

  return () => {
    disposed = true;
  };
}
