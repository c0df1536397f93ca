/**
 * Starts a throwaway Postgres and a real Temporal dev server for the integration tests,
 * migrated, and bundles the workflow code once for the whole run.
 */
import { join } from 'node:path';
import { startThrowawayServices, ThrowawayServices } from '#scripts/lib/throwaway';
import { writeWorkflowBundle } from '#workflows/temporal/bundle';

declare global {
  var flowcardTestServices: ThrowawayServices | undefined;
}

export default async function globalSetup() {
  const services = await startThrowawayServices('test');
  globalThis.flowcardTestServices = services;
  const bundlePath = join(services.workDir, 'workflow-bundle.js');
  await writeWorkflowBundle(bundlePath);
  process.env.FLOWCARD_WORKFLOW_BUNDLE = bundlePath;
}
