// Builds the designer web app: designer/src/main.ts → designer/dist/app.js, plus the static
// files in designer/public, bpmn-js's CSS and font assets (designer/dist/bpmn-js/) and the
// properties panel's CSS (designer/dist/properties-panel/) and the lint overlays' CSS
// (designer/dist/bpmnlint/).
//
//   node scripts/build-designer.mjs           build once (exits non-zero on error)
//   node scripts/build-designer.mjs --watch   rebuild app.js on every change
import * as esbuild from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const designer = path.join(root, 'designer');
const outdir = path.join(designer, 'dist');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);
const packageDir = (name) => path.dirname(require.resolve(`${name}/package.json`));
const bpmnAssets = path.join(packageDir('bpmn-js'), 'dist/assets');
const propertiesPanelAssets = path.join(packageDir('@bpmn-io/properties-panel'), 'dist/assets');
const lintAssets = path.join(packageDir('bpmn-js-bpmnlint'), 'dist/assets/css');

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: [path.join(designer, 'src/main.ts')],
  outfile: path.join(outdir, 'app.js'),
  tsconfig: path.join(designer, 'tsconfig.json'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  minify: !watch,
  sourcemap: true,
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': JSON.stringify(watch ? 'development' : 'production') },
  logLevel: 'warning',
};

async function main() {
  const started = Date.now();
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await cp(path.join(designer, 'public'), outdir, { recursive: true });
  await cp(bpmnAssets, path.join(outdir, 'bpmn-js'), { recursive: true });
  await cp(propertiesPanelAssets, path.join(outdir, 'properties-panel'), { recursive: true });
  await cp(lintAssets, path.join(outdir, 'bpmnlint'), { recursive: true });

  if (watch) {
    const context = await esbuild.context({ ...options, logLevel: 'info' });
    await context.watch();
    console.log(`designer: watching ${path.relative(root, designer)}/src`);
    return;
  }
  await esbuild.build(options);
  console.log(`designer: built ${path.relative(root, outdir)} in ${Date.now() - started} ms`);
}

main().catch((err) => {
  // esbuild has already printed its diagnostics; anything else gets a message here.
  if (!err?.errors) console.error(err);
  console.error('designer: build failed');
  process.exitCode = 1;
});
