import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The workflow code a worker runs: bundled by `npm run build`, or from source when no bundle. */
export const WORKFLOWS_SOURCE = require.resolve('./workflows');

/** Where `npm run build` writes the bundle: beside the compiled workflow code in dist. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, 'workflow-bundle.js');

/**
 * The pure code the workflow runs, evaluated once per worker thread and shared by every workflow
 * of its reusable V8 context, instead of once for each workflow the worker creates: the engine
 * and, through it, the FEEL interpreter with its parser and date library (about 0.6 MB of code,
 * most of what a Flowcard workflow evaluates that a bare workflow does not). They hold no state
 * of a workflow: the engine is pure and keeps nothing between calls; feelin keeps only a cache of
 * zones it found valid. The SDK freezes what they export.
 */
export const WORKFLOW_PRELOAD_MODULES = [
  '../engine/engine',
  '../engine/incidents',
  '../engine/migration',
  '../engine/model',
  '../engine/outcome',
].map((module) => require.resolve(module));

/** Bundles the workflow code once, so workers start without webpack. */
export async function writeWorkflowBundle(outputPath: string): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_SOURCE,
    preloadModules: WORKFLOW_PRELOAD_MODULES,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
  });
  mkdirSync(dirname(outputPath), { recursive: true });
  writeFileSync(outputPath, code);
}
