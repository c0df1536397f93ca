/**
 * Before a new version of a deployed key: where its running instances wait
 * (`POST /api/process-definitions/impact`), which of those elements the diagram removes or
 * turns into another kind (those instances would be stranded on a migration), shown as
 * overlays on the canvas; the analyst then deploys or cancels.
 */
import { h } from '../dom';
import type { ChangeImpact, WaitingElement } from '../types';
import { CanvasMarks } from './canvas-marks';
import type { ProcessModeler } from './process-modeler';

const CHANGES: Record<WaitingElement['change'], string> = {
  unchanged: 'kept',
  removed: 'removed: stranded',
  kindChanged: 'changed type: stranded',
};

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * Shows the impact in `container` and on the canvas; answers whether the analyst chose to
 * deploy. The marks go when the analyst chooses.
 */
export function confirmImpact(
  modeler: ProcessModeler,
  container: HTMLElement,
  impact: ChangeImpact,
): Promise<boolean> {
  const marks = new CanvasMarks(modeler, 'fc-impact');
  for (const waiting of impact.elements) {
    const stranded = waiting.change !== 'unchanged';
    if (stranded) marks.mark(waiting.elementId, 'fc-stranded');
    marks.overlay(
      waiting.elementId,
      h(
        'div',
        {
          class: stranded ? 'fc-impact-badge stranded' : 'fc-impact-badge',
          title: `${plural(waiting.instances, 'running instance')} wait here`,
        },
        String(waiting.instances),
      ),
      { bottom: 10, right: 10 },
    );
  }
  const strandedInstances = impact.instancesNeedingMapping.length;
  const deploy = h('button', { type: 'button', 'data-testid': 'impact-deploy' }, 'Deploy');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  container.replaceChildren(
    h(
      'div',
      { class: 'impact', 'data-testid': 'impact', role: 'dialog', 'aria-label': 'Impact' },
      h(
        'p',
        {},
        `${impact.key} v${impact.latestVersion} is deployed with ${plural(impact.runningInstances, 'running instance')}; `,
        `this diagram becomes v${(impact.latestVersion ?? 0) + 1} and running instances keep their version. `,
        strandedInstances
          ? h(
              'strong',
              { class: 'error', 'data-testid': 'impact-stranded' },
              `${plural(strandedInstances, 'instance')} would be stranded on a migration to it.`,
            )
          : 'None would be stranded on a migration to it.',
      ),
      impact.elements.length
        ? h(
            'table',
            { class: 'list', 'data-testid': 'impact-elements' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Element', 'Waiting instances', 'Versions', 'In this diagram'].map((label) =>
                  h('th', {}, label),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              impact.elements.map((waiting) =>
                h(
                  'tr',
                  { 'data-element-id': waiting.elementId, 'data-change': waiting.change },
                  h(
                    'td',
                    {},
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'link',
                        disabled: waiting.change === 'removed',
                        onclick: () => modeler.select(waiting.elementId),
                      },
                      waiting.elementName || waiting.elementId,
                    ),
                  ),
                  h('td', {}, String(waiting.instances)),
                  h('td', {}, waiting.versions.map((version) => `v${version}`).join(', ')),
                  h(
                    'td',
                    { class: waiting.change === 'unchanged' ? '' : 'error' },
                    CHANGES[waiting.change],
                  ),
                ),
              ),
            ),
          )
        : null,
      h('div', { class: 'actions' }, deploy, cancel),
    ),
  );
  deploy.focus();
  return new Promise((resolve) => {
    const choose = (deploying: boolean) => {
      marks.clear();
      resolve(deploying);
    };
    deploy.addEventListener('click', () => choose(true));
    cancel.addEventListener('click', () => choose(false));
  });
}
