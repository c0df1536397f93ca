export default async function globalTeardown() {
  for (const service of globalThis.flowcardTestServices ?? []) await service.stop();
}
