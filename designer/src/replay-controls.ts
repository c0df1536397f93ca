import { h } from './dom';
import type { ReplayFrame } from './instance-state';

/** Time between two frames at normal speed. */
const FRAME_MS = 800;
const SPEEDS = [0.5, 1, 2, 4] as const;

export interface ReplayControls {
  element: HTMLElement;
  /** Stops playing (the view is going away). */
  stop(): void;
}

/**
 * Play, pause and step through an ended instance's frames; `show` draws a frame on the map, or
 * the instance as it ended when given nothing (before the first play and after a reset).
 */
export function replayControls(
  frames: readonly ReplayFrame[],
  show: (frame: ReplayFrame | undefined) => void,
): ReplayControls {
  let position = -1;
  let timer: ReturnType<typeof setInterval> | undefined;

  const where = h('span', {
    class: 'replay-position',
    'data-testid': 'replay-position',
    role: 'status',
  });
  const play = h('button', { type: 'button' }, 'Play');
  const back = h('button', { type: 'button', class: 'secondary' }, 'Step back');
  const step = h('button', { type: 'button', class: 'secondary' }, 'Step');
  const reset = h('button', { type: 'button', class: 'secondary' }, 'Reset');
  const speed = h(
    'select',
    { name: 'speed', 'aria-label': 'Replay speed' },
    SPEEDS.map((value) => h('option', { value, selected: value === 1 }, `${value}×`)),
  );

  const render = () => {
    const frame = frames[position];
    where.textContent = frame
      ? `Step ${position + 1} of ${frames.length}: ${frame.event.type} ${frame.event.elementId}`
      : `${frames.length} steps`;
    play.textContent = timer ? 'Pause' : 'Play';
    back.disabled = position < 0;
    step.disabled = position >= frames.length - 1;
    show(frame);
  };

  const pause = () => {
    clearInterval(timer);
    timer = undefined;
  };

  const moveTo = (next: number) => {
    position = Math.max(-1, Math.min(frames.length - 1, next));
    if (position === frames.length - 1) pause();
    render();
  };

  const start = () => {
    if (position >= frames.length - 1) position = -1;
    timer = setInterval(() => moveTo(position + 1), FRAME_MS / Number(speed.value));
    moveTo(position + 1);
  };

  play.addEventListener('click', () => {
    if (timer) pause();
    else start();
    render();
  });
  back.addEventListener('click', () => {
    pause();
    moveTo(position - 1);
  });
  step.addEventListener('click', () => {
    pause();
    moveTo(position + 1);
  });
  reset.addEventListener('click', () => {
    pause();
    moveTo(-1);
  });
  speed.addEventListener('change', () => {
    if (!timer) return;
    pause();
    timer = setInterval(() => moveTo(position + 1), FRAME_MS / Number(speed.value));
  });

  const element = h(
    'div',
    { class: 'replay inline-form', 'data-testid': 'replay', role: 'group', 'aria-label': 'Replay' },
    play,
    back,
    step,
    reset,
    speed,
    where,
  );
  where.textContent = `${frames.length} steps`;
  back.disabled = true;
  step.disabled = frames.length === 0;
  play.disabled = frames.length === 0;
  return { element, stop: pause };
}
