export default async function globalTeardown() {
  await globalThis.flowcardTestServices?.stop();
}
