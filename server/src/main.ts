import { resolve } from 'node:path';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './common/config';

async function main() {
  const config = loadConfig();
  const designerDir = process.env.FLOWCARD_DESIGNER_DIR ?? resolve(process.cwd(), 'designer/dist');
  const app = await createApp(config, { designerDir });
  await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  console.log(`Flowcard API listening on port ${config.port}`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `Flowcard cannot start: ${error.message}` : error);
  process.exit(1);
});
