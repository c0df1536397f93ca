/**
 * The patches of the process workflow, and how a new instance applies them without recording
 * them.
 *
 * `patched(id)` in a new run records a marker and, through the SDK's core, upserts the
 * `TemporalChangeVersion` search attribute: two history events and a visibility write per patch
 * per instance, paid by the Temporal server on every start, only so that the one question "is
 * this a run recorded before the patch?" is answered the same on replay. A start from this code
 * answers it in its input instead: `ProcessInstanceInput.patchLevel` says which patches the
 * starter knew, and the workflow applies those without asking Temporal. The input is in the
 * history, so a replay decides the same way; a history recorded before the level existed has no
 * `patchLevel` and asks `patched()` for each patch, in the same places as before, so it replays
 * unchanged; a start by older code (a rolling deploy) asks too and gets the markers.
 *
 * A new patch: raise `CURRENT_PATCH_LEVEL` (`./contract`), add its id here with the new level,
 * and branch on `applies(input, id)` where the behaviour changes.
 */
import { patched } from '@temporalio/workflow';
import { CURRENT_PATCH_LEVEL, type ProcessInstanceInput } from './contract';
import { CONTINUE_AS_NEW_PATCH } from './continue-as-new';

/** The level at which a start applies each patch unasked (at most `CURRENT_PATCH_LEVEL`). */
const PATCH_LEVELS = {
  incidents: 1,
  'multi-instance-run-scopes': 1,
  [CONTINUE_AS_NEW_PATCH]: 1,
  'timer-maximum': 1,
} as const;

export type PatchId = keyof typeof PATCH_LEVELS;

/** Whether this run has the patch's behaviour; asks Temporal only below its level. */
export function applies(input: Pick<ProcessInstanceInput, 'patchLevel'>, id: PatchId): boolean {
  return (input.patchLevel ?? 0) >= PATCH_LEVELS[id] || patched(id);
}

/**
 * A start from newer code than this worker's (a rolling deploy that upgraded a starter first)
 * would apply patches this code does not know, and the newer worker replaying it would take
 * them as applied: the workflow task fails instead (a plain error: Temporal retries the task)
 * until a worker that knows the level takes it.
 */
export function assertKnownPatchLevel(input: Pick<ProcessInstanceInput, 'patchLevel'>): void {
  if ((input.patchLevel ?? 0) > CURRENT_PATCH_LEVEL) {
    throw new Error(
      `started at patch level ${input.patchLevel}, this worker knows up to ${CURRENT_PATCH_LEVEL}`,
    );
  }
}
