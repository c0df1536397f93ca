import { recordHistories } from './record-histories';

export default async function globalTeardown() {
  const services = globalThis.flowcardTestServices;
  // `npm run record:histories` keeps what the tests ran, for the replay test.
  if (services && process.env.FLOWCARD_RECORD_HISTORIES === '1') {
    await recordHistories(services.temporalAddress);
  }
  await services?.stop();
}
