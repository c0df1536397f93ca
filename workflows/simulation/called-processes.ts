/**
 * The processes a dry run may call, resolved by the caller beforehand (the simulator reads no
 * database): the model a call activity would start, by its process key and version.
 */
import type { ExecutableModel } from '../engine/model';

/** How deep called instances may nest (the simulated diagram is depth 0). */
export const MAX_CALL_DEPTH = 10;

export interface CalledProcess {
  model: ExecutableModel;
  /** The deployed version; null for the simulated diagram standing for the latest of its key. */
  version: number | null;
}

/** By `calledProcessRef`: what each call activity the run may reach would start. */
export type CalledProcesses = Record<string, CalledProcess>;

/** The name a call of `processKey` (its `version`, or the latest when null) is resolved under. */
export function calledProcessRef(processKey: string, version: number | null): string {
  return version === null ? processKey : `${processKey}@${version}`;
}

/** Why a dry run cannot go on: a call to a process that is not deployed, or nesting too deep. */
export class SimulationRefused extends Error {
  constructor(
    readonly code: 'CALLED_PROCESS_NOT_DEPLOYED' | 'SIMULATION_CALL_DEPTH_EXCEEDED',
    readonly elementId: string,
    message: string,
  ) {
    super(message);
    this.name = 'SimulationRefused';
  }
}
