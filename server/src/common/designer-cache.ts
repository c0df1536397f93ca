import { basename, sep } from 'node:path';

/** Content-hashed build outputs: `app-<hash>.js`, `chunks/<name>-<hash>.js`, their maps. */
const HASHED_FILE = /-[A-Z0-9]{8}\.(js|css)(\.map|\.LEGAL\.txt)?$/;
/** Package assets copied under a folder named with the package's version. */
const VERSIONED_FOLDER = `${sep}vendor${sep}`;

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The Cache-Control of a file of the designer's build (scripts/build-designer.mjs): files whose
 * URL changes with their content are kept for a year without asking again; everything else, above
 * all index.html (which names them), is checked with the server on each use.
 */
export function designerCacheControl(filePath: string): string {
  if (HASHED_FILE.test(basename(filePath)) || filePath.includes(VERSIONED_FOLDER)) return IMMUTABLE;
  return 'no-cache';
}
