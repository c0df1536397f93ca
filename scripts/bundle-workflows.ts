/** Build step: bundles the workflow code once, next to the compiled worker. */
import { WORKFLOW_BUNDLE_PATH, writeWorkflowBundle } from '#workflows/temporal/bundle';

writeWorkflowBundle(WORKFLOW_BUNDLE_PATH).catch((error) => {
  console.error(error);
  process.exit(1);
});
