import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The workflow code a worker runs: bundled by `npm run build`, or from source when no bundle. */
export const WORKFLOWS_SOURCE = require.resolve('./workflows');

/** Where `npm run build` writes the bundle: beside the compiled workflow code in dist. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, 'workflow-bundle.js');

/** Bundles the workflow code once, so workers start without webpack. */
export async function writeWorkflowBundle(outputPath: string): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_SOURCE,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
  });
  mkdirSync(dirname(outputPath), { recursive: true });
  writeFileSync(outputPath, code);
}
