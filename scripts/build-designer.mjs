// Builds the designer web app into designer/dist: designer/src/main.ts and designer/public/app.css
// as content-hashed files (app-<hash>.js, its lazily loaded chunks under chunks/, app-<hash>.css),
// index.html pointing at them, and the CSS and font assets of bpmn-js, the properties panel,
// form-js and the lint overlays under a folder named with their package version (vendor/<package>-<version>/). Every file but
// index.html thus changes its URL when its content changes, so the server lets browsers keep them
// for good (see server/src/common/designer-cache.ts).
//
//   node scripts/build-designer.mjs           build once (exits non-zero on error)
//   node scripts/build-designer.mjs --watch   rebuild on every change (names without a hash)
//   node scripts/build-designer.mjs --outdir DIR   build into DIR instead (tests)
import * as esbuild from 'esbuild';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const designer = path.join(root, 'designer');
const publicDir = path.join(designer, 'public');
const watch = process.argv.includes('--watch');
const outdirFlag = process.argv.indexOf('--outdir');
const outdir =
  outdirFlag > 0 ? path.resolve(process.argv[outdirFlag + 1]) : path.join(designer, 'dist');
const require = createRequire(import.meta.url);
const packageDir = (name) => path.dirname(require.resolve(`${name}/package.json`));
const packageVersion = (name) => require(`${name}/package.json`).version;

/** Static assets of packages, copied as they are under a versioned folder. */
const vendorAssets = [
  { name: 'bpmn-js', from: 'dist/assets', placeholder: 'bpmn-js/' },
  { name: '@bpmn-io/properties-panel', from: 'dist/assets', placeholder: 'properties-panel/' },
  { name: '@bpmn-io/form-js', from: 'dist/assets', placeholder: 'form-js/' },
  { name: 'bpmn-js-bpmnlint', from: 'dist/assets/css', placeholder: 'bpmnlint/' },
].map((asset) => ({
  ...asset,
  source: path.join(packageDir(asset.name), asset.from),
  folder: `vendor/${asset.name.replace(/^@[^/]+\//, '')}-${packageVersion(asset.name)}/`,
}));

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: [
    { in: path.join(designer, 'src/main.ts'), out: 'app' },
    { in: path.join(publicDir, 'app.css'), out: 'app' },
  ],
  outdir,
  // ES modules, so the screens that need bpmn-js load it when they open (import()), not before
  // the task list or a client card can show.
  format: 'esm',
  splitting: true,
  entryNames: watch ? '[name]' : '[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  tsconfig: path.join(designer, 'tsconfig.json'),
  bundle: true,
  platform: 'browser',
  target: ['es2020'],
  minify: !watch,
  sourcemap: true,
  legalComments: 'linked',
  metafile: true,
  define: { 'process.env.NODE_ENV': JSON.stringify(watch ? 'development' : 'production') },
  logLevel: 'warning',
  // One Preact for every component tree: the properties panel ships its own copy, the form-js
  // viewer takes the top-level one and the form-js editor pins an older one; hooks and context
  // break when a tree mixes copies (form-js's editor renders the properties panel).
  alias: { preact: '@bpmn-io/properties-panel/preact' },
};

/** The output file of the entry point `source` with extension `extension`, relative to dist. */
function outputOf(metafile, source, extension) {
  const entry = path.relative(root, source);
  const output = Object.entries(metafile.outputs).find(
    ([file, meta]) => meta.entryPoint === entry && file.endsWith(extension),
  );
  if (!output) throw new Error(`no ${extension} output for ${entry}`);
  return path.relative(outdir, path.join(root, output[0]));
}

/** index.html of designer/public with the built file names in place of the plain ones. */
async function writeIndex(metafile) {
  const replacements = [
    ['src="app.js"', `src="${outputOf(metafile, path.join(designer, 'src/main.ts'), '.js')}"`],
    ['href="app.css"', `href="${outputOf(metafile, path.join(publicDir, 'app.css'), '.css')}"`],
    ...vendorAssets.map((asset) => [`href="${asset.placeholder}`, `href="${asset.folder}`]),
  ];
  let html = await readFile(path.join(publicDir, 'index.html'), 'utf8');
  for (const [plain, built] of replacements) {
    if (!html.includes(plain)) throw new Error(`designer/public/index.html has no ${plain}`);
    html = html.replaceAll(plain, built);
  }
  await writeFile(path.join(outdir, 'index.html'), html);
}

async function main() {
  const started = Date.now();
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  // Anything else in public/ is copied as it is; its stylesheets are bundled into app.css.
  await cp(publicDir, outdir, {
    recursive: true,
    filter: (source) =>
      source === publicDir || !/^(index\.html|[^/]+\.css)$/.test(path.relative(publicDir, source)),
  });
  for (const asset of vendorAssets) {
    await cp(asset.source, path.join(outdir, asset.folder), { recursive: true });
  }

  if (watch) {
    const context = await esbuild.context({
      ...options,
      logLevel: 'info',
      plugins: [
        {
          name: 'index',
          setup: (build) => build.onEnd((result) => result.metafile && writeIndex(result.metafile)),
        },
      ],
    });
    await context.watch();
    console.log(`designer: watching ${path.relative(root, designer)}/src`);
    return;
  }
  const result = await esbuild.build(options);
  await writeIndex(result.metafile);
  console.log(`designer: built ${path.relative(root, outdir)} in ${Date.now() - started} ms`);
}

main().catch((err) => {
  // esbuild has already printed its diagnostics; anything else gets a message here.
  if (!err?.errors) console.error(err);
  console.error('designer: build failed');
  process.exitCode = 1;
});
