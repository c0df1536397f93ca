/**
 * The designer built once per test run for the files that serve it (the browser tests, the cache
 * headers), into the folder test/global-setup.ts names: a build of their own, since designer/dist
 * may be what a running `npm start` serves. The first file that needs it builds it; each build
 * costs seconds of CPU, and the files only read it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { repoRoot } from '#server/common/repo-root';

export function testDesignerBuild(): string {
  const target = process.env.FLOWCARD_TEST_DESIGNER_DIR;
  if (!target)
    throw new Error('FLOWCARD_TEST_DESIGNER_DIR is not set: test/global-setup.ts sets it');
  if (existsSync(target)) return target;
  // Two jest workers may build at once: each builds beside the target and renames its build into
  // place, which succeeds only while the target does not exist; the other drops its copy.
  const staging = mkdtempSync(`${target}-`);
  const build = spawnSync(process.execPath, ['scripts/build-designer.mjs', '--outdir', staging], {
    cwd: repoRoot(),
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`designer build failed: ${build.stderr}`);
  try {
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
  return target;
}
