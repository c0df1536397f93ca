/**
 * The setup of an integration test file in one call:
 *
 *   const { flowcard, as, ids, newClient } = useFlowcard({ worker: false });
 *
 * boots Flowcard before the file's tests (against the Postgres and Temporal of
 * test/global-setup.ts), signs the demo users in and stops it all afterwards. Everything it
 * returns may be named at the top of the file and used once the tests run.
 */
import {
  DemoPeople,
  DemoPerson,
  Flowcard,
  FlowcardOptions,
  startFlowcard,
} from '#scripts/lib/in-process';
import { factories, Factories } from './factories';
import { everyPage } from './pages';

export { eventually } from '#scripts/lib/in-process';
export type { DemoPerson, Flowcard } from '#scripts/lib/in-process';
export * from './factories';
export { NORTH_RECORD_ACCESS } from './access';
export { everyPage } from './pages';
export { insertRunningInstance, insertUnreachableInstance } from './records';

export interface TestFlowcard extends Factories {
  /** The running app: its API, database, sockets. */
  flowcard: Flowcard;
  /** The demo users' tokens and ids by the part of their email before `@demo.local`. */
  tokens: DemoPeople['tokens'];
  ids: DemoPeople['ids'];
  /** Calls the API as a demo user. */
  as: DemoPeople['as'];
  /** The bodies of every page of a cursor-paged list (`path` has a query) as a demo user. */
  // Pages are whatever JSON the list answers, as with `as`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  pagesOf(who: DemoPerson, path: string): Promise<any[]>;
}

/**
 * Registers the `beforeAll` that boots Flowcard and the `afterAll` that stops it. Pass
 * `worker: false` where no test waits on a process step: the file then runs without a worker.
 */
export function useFlowcard(
  options: Pick<FlowcardOptions, 'worker' | 'designerDir'> = {},
): TestFlowcard {
  let running: Flowcard | undefined;
  const tokens = {} as DemoPeople['tokens'];
  const ids = {} as DemoPeople['ids'];
  // Stands for the app from the start, so a test file can name it at the top; it boots later.
  const flowcard = new Proxy({} as Flowcard, {
    get(_, property) {
      if (!running) throw new Error('Flowcard runs only inside the tests of a useFlowcard file');
      return Reflect.get(running, property);
    },
  });

  beforeAll(async () => {
    running = await startFlowcard({
      ...options,
      workflowBundlePath: process.env.FLOWCARD_WORKFLOW_BUNDLE,
    });
    const people = await running.demoPeople();
    Object.assign(tokens, people.tokens);
    Object.assign(ids, people.ids);
  });

  afterAll(() => running?.stop());

  const as: DemoPeople['as'] = (who: DemoPerson, method, path, body) =>
    flowcard.api(tokens[who], method, path, body);
  const pagesOf: TestFlowcard['pagesOf'] = (who, path) =>
    everyPage(async (cursor) => (await as(who, 'GET', `${path}${cursor}`)).body);
  return { flowcard, tokens, ids, as, pagesOf, ...factories(flowcard, tokens) };
}
