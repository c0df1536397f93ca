/**
 * Preloaded (`--require`) into the processes the bench profiles with `--cpu-prof`. Node writes
 * a CPU profile only when the process exits by itself, not when a signal ends it, and the API
 * ends that way (Nest re-raises the signal once closed). Exiting on SIGTERM writes the profile.
 */
process.once('SIGTERM', () => process.exit(0));
