/**
 * Writes the OpenAPI document of the API and the TypeScript types the designer compiles
 * against, both generated from the controllers: `npm run api:types`. The document comes from a
 * preview app, so no database or Temporal is needed. `server/src/openapi.spec.ts` fails while the
 * committed files differ from what this writes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { previewOpenApiDocument } from '#server/openapi';

export const REPOSITORY_ROOT = join(__dirname, '..').replace(/[\\/]dist$/, '');
export const OPENAPI_JSON = join(REPOSITORY_ROOT, 'designer/src/generated/openapi.json');
export const API_TYPES = join(REPOSITORY_ROOT, 'designer/src/generated/api-types.ts');
export const REGENERATE_COMMAND = 'npm run api:types';

export function openApiJson(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** openapi-typescript's output for the document at `jsonPath` (it is an ESM-only CLI). */
export function apiTypesOf(jsonPath: string): string {
  const cli = join(REPOSITORY_ROOT, 'node_modules/openapi-typescript/bin/cli.js');
  return execFileSync(process.execPath, [cli, jsonPath], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function main() {
  const document = await previewOpenApiDocument();
  mkdirSync(dirname(OPENAPI_JSON), { recursive: true });
  writeFileSync(OPENAPI_JSON, openApiJson(document));
  writeFileSync(API_TYPES, apiTypesOf(OPENAPI_JSON));
  console.log(`wrote ${OPENAPI_JSON} and ${API_TYPES}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
