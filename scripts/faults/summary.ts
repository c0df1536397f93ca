/** The fault test's printed summary and its exit code. */
import type { FaultTarget, InjectedFault } from './injector';
import type { Finding, Verdict } from './verify';

const TARGETS: FaultTarget[] = ['worker', 'api', 'temporal', 'postgres'];
/** Findings listed one by one under their total; the rest are counted. */
const LISTED = 10;

export interface RunFigures {
  verdict: Verdict;
  faults: InjectedFault[];
  loadSeconds: number;
  liveReconnections: number;
  supervisorRestarts: { api: number; worker: number };
  retries: { noAnswer: number; busy: number; serverError: number };
}

/** Prints the summary; 0 when nothing was lost, duplicated or stuck, else 1. */
export function printSummary(figures: RunFigures): number {
  const { verdict, faults } = figures;
  const perTarget = TARGETS.map(
    (target) => `${target} ${faults.filter((fault) => fault.target === target).length}`,
  ).join(', ');
  const missed = faults.filter((fault) => !fault.hit).length;
  const lines = [
    '',
    'Fault test summary',
    `  instances             ${verdict.instances}`,
    `  faults injected       ${faults.length} (${perTarget})` +
      (missed ? `; ${missed} targeted moments not met, killed anyway` : ''),
    `  load duration         ${figures.loadSeconds.toFixed(0)} s`,
    `  live events           ${verdict.events.written} written, ${verdict.events.received} received ` +
      `(${figures.liveReconnections} socket reconnections)`,
    `  supervisor restarts   api ${figures.supervisorRestarts.api}, worker ${figures.supervisorRestarts.worker}`,
    `  driver retries        ${figures.retries.noAnswer} without answer, ${figures.retries.busy} × 503, ` +
      `${figures.retries.serverError} × 5xx`,
    ...section('lost', verdict.lost),
    ...section('duplicated', verdict.duplicated),
    ...section('stuck', verdict.stuck),
  ];
  const failed = verdict.lost.length + verdict.duplicated.length + verdict.stuck.length > 0;
  lines.push(failed ? 'FAILED: see above' : 'PASSED: nothing lost, duplicated or stuck');
  console.log(lines.join('\n'));
  console.log(
    JSON.stringify({
      instances: verdict.instances,
      faults: Object.fromEntries(
        TARGETS.map((target) => [target, faults.filter((fault) => fault.target === target).length]),
      ),
      lost: verdict.lost.length,
      duplicated: verdict.duplicated.length,
      stuck: verdict.stuck.length,
    }),
  );
  return failed ? 1 : 0;
}

function section(name: string, findings: Finding[]): string[] {
  const lines = [`  ${name.padEnd(22)}${findings.length}`];
  for (const finding of findings.slice(0, LISTED)) {
    lines.push(`    ${finding.instanceId}: ${finding.what}`);
  }
  if (findings.length > LISTED) lines.push(`    ... and ${findings.length - LISTED} more`);
  return lines;
}
