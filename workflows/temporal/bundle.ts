import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { WORKFLOWS_SOURCE } from './worker';

/** Bundles the workflow code once, so workers start without webpack. */
export async function writeWorkflowBundle(outputPath: string): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_SOURCE,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
  });
  mkdirSync(dirname(outputPath), { recursive: true });
  writeFileSync(outputPath, code);
}
