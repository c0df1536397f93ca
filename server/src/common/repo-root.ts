import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository folder, found from sources, jest and `dist/` alike. */
export function repoRoot(from: string = __dirname): string {
  let folder = from;
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'flowcard') {
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no flowcard package.json above ${from}`);
    folder = parent;
  }
}
