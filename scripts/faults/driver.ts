/**
 * Drives the fault test's instances as a careful client would while processes die under it:
 * every request is sent again until it gets a real answer, and a start whose answer was lost is
 * looked up by its client before it is sent again (each client gets exactly one instance).
 */
import { DEMO_PASSWORD } from '#server/seed/demo-seed';
import { LiveWatcher } from './live-watcher';
import { Answer, expectStatus, NoAnswer, pause, Rest } from './rest';

/** The user tasks of `every-effect.bpmn`, completed in this order. */
export const USER_TASKS = ['UserTask_Review', 'UserTask_Confirm'] as const;
const POLL_MS = 400;

export interface DriverSettings {
  runId: string;
  /** No instance is waited for past this moment (ms since the epoch); what is left is stuck. */
  deadline: number;
}

export interface DrivenInstance {
  index: number;
  clientId: string;
  instanceId: string | null;
  /** Why the driver gave up on it, if it did. */
  problem: string | null;
}

export class Driver {
  readonly instances: DrivenInstance[] = [];

  private constructor(
    private readonly manager: Rest,
    private readonly definitionId: string,
    readonly live: LiveWatcher,
    private readonly settings: DriverSettings,
  ) {}

  /** Signs in, deploys the process as the analyst and opens the manager's socket. */
  static async connect(baseUrl: string, xml: string, settings: DriverSettings): Promise<Driver> {
    const anonymous = new Rest(baseUrl, null);
    const signIn = async (email: string) =>
      expectStatus(
        await anonymous.send('POST', '/api/auth/login', {
          body: { email, password: DEMO_PASSWORD },
          safeToRepeat: true,
        }),
        [200],
        `login ${email}`,
      ).body.accessToken as string;
    const analyst = anonymous.withToken(await signIn('analyst@demo.local'));
    const managerToken = await signIn('manager@demo.local');
    const deployed = expectStatus(
      await analyst.send('POST', '/api/process-definitions', {
        body: xml,
        contentType: 'application/xml',
        // Deploying the same diagram again answers 200 with the same version.
        safeToRepeat: true,
      }),
      [200, 201],
      'deploy',
    );
    const live = await LiveWatcher.connect(baseUrl, managerToken);
    return new Driver(anonymous.withToken(managerToken), deployed.body.id, live, settings);
  }

  /** One instance from its client's creation to its end; a failure is recorded, not thrown. */
  async runOne(index: number): Promise<void> {
    const client = expectStatus(
      await this.manager.send('POST', '/api/clients', {
        body: {
          kind: 'company',
          name: `Fault client ${this.settings.runId}-${index}`,
          status: 'potential',
        },
        // A creation whose answer was lost leaves a client no instance uses: harmless here.
        safeToRepeat: true,
      }),
      [201],
      'create client',
    );
    const driven: DrivenInstance = {
      index,
      clientId: client.body.id,
      instanceId: null,
      problem: null,
    };
    this.instances.push(driven);
    try {
      await this.live.watch(`client:${driven.clientId}`);
      driven.instanceId = await this.start(driven.clientId);
      for (const element of USER_TASKS) await this.completeTask(driven.instanceId, element);
      const end = await this.waitFor(`the end of ${driven.instanceId}`, async () => {
        const card = await this.manager.get(`/api/process-instances/${driven.instanceId}`);
        return ['completed', 'failed', 'cancelled'].includes(card.body.status) ? card.body : null;
      });
      if (end.status !== 'completed') {
        driven.problem = `ended ${end.status}: ${JSON.stringify(end.error)}`;
      }
    } catch (error) {
      driven.problem = (error as Error).message;
    }
  }

  /** Starts the client's instance once, even when an answer is lost on the way. */
  private async start(clientId: string): Promise<string> {
    for (;;) {
      const existing = await this.manager.get(`/api/process-instances?clientId=${clientId}`);
      if (existing.body.items.length > 0) return existing.body.items[0].id;
      let answer: Answer;
      try {
        answer = await this.manager.send('POST', '/api/process-instances', {
          body: { definitionId: this.definitionId, clientId },
          safeToRepeat: false,
        });
      } catch (error) {
        if (!(error instanceof NoAnswer)) throw error;
        await pause(POLL_MS);
        continue;
      }
      // 202: committed, and the workflow starts as soon as Temporal answers.
      return expectStatus(answer, [201, 202], 'start').body.id;
    }
  }

  private async completeTask(instanceId: string, elementId: string): Promise<void> {
    const task = await this.waitFor(`${elementId} of ${instanceId}`, async () => {
      const tasks = await this.manager.get(`/api/tasks?instanceId=${instanceId}`);
      return tasks.body.items.find(
        (item: { elementId: string }) => item.elementId === elementId,
      ) as { id: string; status: string } | undefined;
    });
    if (task.status !== 'open') throw new Error(`${elementId} of ${instanceId} is ${task.status}`);
    // The same completion sent again answers as the first one did.
    const completed = await this.manager.send('POST', `/api/tasks/${task.id}/complete`, {
      body: {},
      safeToRepeat: true,
    });
    expectStatus(completed, [200, 202], `complete ${elementId} of ${instanceId}`);
  }

  private async waitFor<T>(what: string, check: () => Promise<T | null | undefined>): Promise<T> {
    while (Date.now() < this.settings.deadline) {
      const value = await check();
      if (value) return value;
      await pause(POLL_MS);
    }
    throw new Error(`gave up waiting for ${what}`);
  }
}
