/**
 * The engine's exact output for scripted runs, against engine.golden.json. Running
 * Temporal workflows replay the engine, so a refactoring must keep every command, effect,
 * key and state byte for byte; see workflows/test/golden.ts to update the file on purpose.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileFixture } from '../test/compile';
import { GoldenFile } from '../test/golden';
import { createTask, graph } from '../test/models';
import { advance, start } from './engine';
import type { ExecutableModel } from './model';
import type { EngineEvent, EngineState, Step, Variables } from './types';

/** Shapes the fixtures do not have. */
const scriptedModels: Record<string, ExecutableModel> = {
  // Two tokens reach the join along J1 at once; J2 delivers later, one user task at a time.
  'double arrival at a join': graph(
    {
      Start: { kind: 'startEvent' },
      Fork: { kind: 'parallelGateway' },
      S1: createTask('one'),
      S2: createTask('two'),
      Merge1: { kind: 'exclusiveGateway', defaultFlowId: null },
      B1: { kind: 'userTask', assignee: null, candidateRole: null, dueIn: null },
      B2: { kind: 'userTask', assignee: null, candidateRole: null, dueIn: null },
      Merge2: { kind: 'exclusiveGateway', defaultFlowId: null },
      Join: { kind: 'parallelGateway' },
      End: { kind: 'endEvent' },
    },
    [
      ['F0', 'Start', 'Fork'],
      ['F1', 'Fork', 'S1'],
      ['F2', 'Fork', 'S2'],
      ['F3', 'Fork', 'B1'],
      ['F4', 'Fork', 'B2'],
      ['F5', 'S1', 'Merge1'],
      ['F6', 'S2', 'Merge1'],
      ['F7', 'B1', 'Merge2'],
      ['F8', 'B2', 'Merge2'],
      ['J1', 'Merge1', 'Join'],
      ['J2', 'Merge2', 'Join'],
      ['F9', 'Join', 'End'],
    ],
  ),
  'a join no token can reach': graph(
    {
      Start: { kind: 'startEvent' },
      Choose: { kind: 'exclusiveGateway', defaultFlowId: 'F2' },
      Timer: { kind: 'timerCatch', duration: 'PT1M' },
      Join: { kind: 'parallelGateway' },
      End: { kind: 'endEvent' },
    },
    [
      ['F0', 'Start', 'Choose'],
      ['F1', 'Choose', 'Join', 'false'],
      ['F2', 'Choose', 'Timer'],
      ['F3', 'Timer', 'Join'],
      ['F4', 'Join', 'End'],
    ],
  ),
  'a loop without a wait state': graph(
    {
      Start: { kind: 'startEvent' },
      Again: { kind: 'exclusiveGateway', defaultFlowId: null },
      Work: createTask('busy'),
      Done: { kind: 'exclusiveGateway', defaultFlowId: 'Back' },
      End: { kind: 'endEvent' },
    },
    [
      ['F0', 'Start', 'Again'],
      ['F1', 'Again', 'Work'],
      ['F2', 'Work', 'Done'],
      ['Exit', 'Done', 'End', 'false'],
      ['Back', 'Done', 'Again'],
    ],
  ),
  'a timer racing a failing call': graph(
    {
      Start: { kind: 'startEvent' },
      Fork: { kind: 'parallelGateway' },
      Task: { kind: 'userTask', assignee: '=assignee', candidateRole: null, dueIn: '=dueIn' },
      Call: {
        kind: 'serviceTask',
        action: { type: 'createCall', subject: '=count', dueIn: null, assignee: null },
      },
      Timer: { kind: 'timerCatch', duration: 'PT1H' },
      End1: { kind: 'endEvent' },
      End2: { kind: 'endEvent' },
    },
    [
      ['F0', 'Start', 'Fork'],
      ['F1', 'Fork', 'Task'],
      ['F2', 'Fork', 'Timer'],
      ['F3', 'Task', 'Call'],
      ['F4', 'Call', 'End1'],
      ['F5', 'Timer', 'End2'],
    ],
  ),
};

interface Scenario {
  model: string;
  variables: Variables;
  /** The variables each user task completes with, by element id; none when absent. */
  completions?: Record<string, Variables>;
  /** Which wait is resolved next: the one opened first, or the one opened last. */
  order: 'oldest' | 'newest';
  /** An event sent instead of resolving a wait, after the given number of batches. */
  interrupt?: { afterBatches: number; event: EngineEvent };
  /** Called instances fail with this error code instead of completing. */
  calledInstancesFail?: string;
  /** Keep a digest of the output instead of all of it, for runs of thousands of effects. */
  digest?: true;
  /** Starts the instance with run scopes, as the workflow starts new ones. */
  runScopes?: true;
}

const fixtureDir = join(__dirname, '../bpmn/fixtures');
const cancel: EngineEvent = { type: 'cancelRequested', by: 'anna@example.com', reason: 'test' };
const change = (variables: Variables): EngineEvent => ({
  type: 'variablesChanged',
  variables,
  by: null,
});
const onboarding = {
  owner: 'anna@example.com',
  name: 'Acme',
  coolingPeriod: 'PT1H',
  status: 'active',
  meetingIn: 'P1D',
  approved: false,
};

const scenarios: Record<string, Scenario> = {
  'application qualified': {
    model: 'application-handling.bpmn',
    variables: { followUpDelay: 'PT2S' },
    completions: { Task_QualifyApplication: { qualified: true } },
    order: 'oldest',
  },
  'application not qualified': {
    model: 'application-handling.bpmn',
    variables: {},
    completions: { Task_QualifyApplication: { qualified: false } },
    order: 'oldest',
  },
  'application with the default follow-up delay': {
    model: 'application-handling.bpmn',
    variables: {},
    completions: { Task_QualifyApplication: { qualified: true } },
    order: 'newest',
  },
  'application with a qualification that is not boolean': {
    model: 'application-handling.bpmn',
    variables: {},
    completions: { Task_QualifyApplication: { qualified: 'yes' } },
    order: 'oldest',
  },
  'application with a follow-up delay that is not a duration': {
    model: 'application-handling.bpmn',
    variables: { followUpDelay: 'soon' },
    completions: { Task_QualifyApplication: { qualified: true } },
    order: 'oldest',
  },
  'application cancelled at the timer': {
    model: 'application-handling.bpmn',
    variables: {},
    completions: { Task_QualifyApplication: { qualified: true } },
    order: 'oldest',
    interrupt: { afterBatches: 3, event: cancel },
  },
  'application with variables changed while qualifying': {
    model: 'application-handling.bpmn',
    variables: { followUpDelay: 'PT1M' },
    completions: { Task_QualifyApplication: {} },
    order: 'oldest',
    interrupt: { afterBatches: 1, event: change({ qualified: true, note: 'changed' }) },
  },
  'bench five steps': { model: 'bench-five-steps.bpmn', variables: {}, order: 'oldest' },
  'onboarding with one rework, oldest wait first': {
    model: 'parallel-onboarding.bpmn',
    variables: onboarding,
    completions: { Task_Rework: { approved: true } },
    order: 'oldest',
  },
  'onboarding with one rework, newest wait first': {
    model: 'parallel-onboarding.bpmn',
    variables: onboarding,
    completions: { Task_Rework: { approved: true }, Task_CheckDocuments: { checked: true } },
    order: 'newest',
  },
  'onboarding cancelled while forked': {
    model: 'parallel-onboarding.bpmn',
    variables: onboarding,
    order: 'oldest',
    interrupt: { afterBatches: 1, event: cancel },
  },
  'onboarding with a name that is not text': {
    model: 'parallel-onboarding.bpmn',
    variables: { ...onboarding, name: 3 },
    order: 'oldest',
  },
  'onboarding with a cooling period that is not a duration': {
    model: 'parallel-onboarding.bpmn',
    variables: { ...onboarding, coolingPeriod: 5 },
    order: 'oldest',
  },
  'onboarding approved by a variable change': {
    model: 'parallel-onboarding.bpmn',
    variables: { ...onboarding, owner: null, meetingIn: null },
    order: 'newest',
    interrupt: { afterBatches: 2, event: change({ approved: true }) },
  },
  'double arrival at a join': {
    model: 'double arrival at a join',
    variables: {},
    order: 'oldest',
  },
  'a join no token can reach': {
    model: 'a join no token can reach',
    variables: {},
    order: 'oldest',
  },
  'a loop without a wait state': {
    model: 'a loop without a wait state',
    variables: {},
    order: 'oldest',
    digest: true,
  },
  'a timer racing a failing call': {
    model: 'a timer racing a failing call',
    variables: { count: 3, assignee: 'bob@example.com', dueIn: 'PT30M' },
    order: 'oldest',
  },
  'plain and manual tasks': { model: 'element-tasks.bpmn', variables: {}, order: 'oldest' },
  'started by a message': {
    model: 'element-message-start.bpmn',
    variables: { orderNumber: 'A-17' },
    order: 'oldest',
  },
  'started by a CRM trigger': {
    model: 'triggered-application-handling.bpmn',
    variables: { clientId: 'client-1', trigger: { payload: { ownerId: 'user-1' } } },
    order: 'oldest',
  },
  'script tasks': {
    model: 'element-script-task.bpmn',
    variables: { price: 250, quantity: 5 },
    order: 'oldest',
  },
  'terminated while a task and a timer wait': {
    model: 'element-terminate-end.bpmn',
    variables: { reminderIn: 'P3D' },
    order: 'newest',
  },
  'timers until a date': {
    model: 'element-timer-date.bpmn',
    variables: { callBackAt: '2030-01-31T09:00:00+01:00' },
    order: 'oldest',
  },
  'link events, urgent': {
    model: 'element-link-events.bpmn',
    variables: { urgent: true },
    order: 'oldest',
  },
  'inclusive gateway, loan offer and card': {
    model: 'element-inclusive-gateway.bpmn',
    variables: { wantsLoan: true, wantsCard: true, wantsInsurance: false },
    completions: { Task_LoanOffer: { offerMade: true } },
    order: 'oldest',
  },
  'inclusive gateway, no loan offer after all': {
    model: 'element-inclusive-gateway.bpmn',
    variables: { wantsLoan: true, wantsCard: false, wantsInsurance: true },
    completions: { Task_LoanOffer: { offerMade: false } },
    order: 'oldest',
  },
  'a milestone, a send task and a message throw': {
    model: 'element-send-task.bpmn',
    variables: { clientId: 'client-1' },
    order: 'oldest',
  },
  'boundary timers, review done in time': {
    model: 'element-boundary-timer.bpmn',
    variables: { reminderIn: 'P1D', overdueIn: 'P2D', supervisor: 'sam@example.com' },
    order: 'oldest',
  },
  'boundary timers, review overdue': {
    model: 'element-boundary-timer.bpmn',
    variables: { reminderIn: 'P1D', overdueIn: 'P2D', supervisor: 'sam@example.com' },
    order: 'newest',
  },
  'subprocess, documents collected': {
    model: 'element-subprocess.bpmn',
    variables: { stalledAfter: 'P7D' },
    order: 'newest',
  },
  'subprocess, stalled': {
    model: 'element-subprocess.bpmn',
    variables: { stalledAfter: 'P7D' },
    order: 'oldest',
  },
  'error caught by a boundary event': {
    model: 'element-error-events.bpmn',
    variables: {},
    completions: { Task_Charge: { result: 'declined' } },
    order: 'oldest',
  },
  'error nothing catches': {
    model: 'element-error-events.bpmn',
    variables: {},
    completions: { Task_Charge: { result: 'fraud' } },
    order: 'oldest',
  },
  'escalations, big order shipped': {
    model: 'element-escalation-events.bpmn',
    variables: { amount: 20000 },
    completions: { Task_Prepare: { outOfStock: false } },
    order: 'oldest',
  },
  'messages, documents in time': {
    model: 'element-message-events.bpmn',
    variables: { clientId: 'client-1', documentsWithin: 'P3D' },
    completions: { Catch_CalledBack: { answer: 'yes, send it' }, Receive_Documents: { pages: 3 } },
    order: 'oldest',
  },
  'messages, documents late': {
    model: 'element-message-events.bpmn',
    variables: { clientId: 'client-1', documentsWithin: 'P3D' },
    completions: { Catch_CalledBack: { answer: 'yes, send it' }, Receive_Documents: { pages: 3 } },
    order: 'newest',
  },
  'event-based gateway, the client replies': {
    model: 'element-event-based-gateway.bpmn',
    variables: { clientId: 'client-1', replyWithin: 'P5D' },
    completions: { Catch_Replied: { reply: 'interested' } },
    order: 'oldest',
  },
  'event-based gateway, no reply in time': {
    model: 'element-event-based-gateway.bpmn',
    variables: { clientId: 'client-1', replyWithin: 'P5D' },
    order: 'newest',
  },
  'escalations, out of stock': {
    model: 'element-escalation-events.bpmn',
    variables: { amount: 20000 },
    completions: { Task_Prepare: { outOfStock: true } },
    order: 'oldest',
  },
  'signals, offer approved': {
    model: 'element-signal-events.bpmn',
    variables: {},
    order: 'oldest',
  },
  'signals, offer withdrawn': {
    model: 'element-signal-events.bpmn',
    variables: {},
    order: 'newest',
  },
  'signals, price list changed during the review': {
    model: 'element-signal-events.bpmn',
    variables: {},
    interrupt: {
      afterBatches: 1,
      event: {
        type: 'signalReceived',
        signalName: 'price-list-changed',
        variables: { priceList: 'v2' },
      },
    },
    order: 'oldest',
  },
  'signals, campaign started': {
    model: 'element-signal-throw.bpmn',
    variables: {},
    order: 'newest',
  },
  'signals, campaign cancelled': {
    model: 'element-signal-throw.bpmn',
    variables: {},
    order: 'oldest',
  },
  'standard loops, reached on the second call': {
    model: 'element-standard-loop.bpmn',
    variables: { quality: 1, target: 3, reached: false },
    interrupt: {
      afterBatches: 2,
      event: { type: 'variablesChanged', variables: { reached: true }, by: null },
    },
    order: 'oldest',
  },
  'business rule task, big order': {
    model: 'element-business-rule-task.bpmn',
    variables: { amount: 2500 },
    order: 'oldest',
  },
  'user task forms, qualified and ordered': {
    model: 'element-user-task-forms.bpmn',
    variables: {
      assigneeEmail: 'anna@example.com',
      team: 'manager',
      dueBy: '2030-01-31T17:00:00+01:00',
      followUpAfter: 'P2D',
    },
    completions: {
      Task_Qualify: { contactName: 'Jo Smith', budget: 5000, qualified: true, segment: 'small' },
      Task_Review: { decision: 'accept', reviewedAt: '2030-01-20T10:00:00Z' },
      Task_Confirm: { confirmed: true, quantity: 3 },
    },
    order: 'oldest',
  },
  'user tasks for a candidate team, from FEEL and by name': {
    model: 'element-user-task-team.bpmn',
    variables: { team: 'South' },
    order: 'oldest',
  },
  'message boundary events, order delivered': {
    model: 'element-message-boundary.bpmn',
    variables: { clientId: 'client-1' },
    order: 'oldest',
  },
  'message boundary events, order cancelled': {
    model: 'element-message-boundary.bpmn',
    variables: { clientId: 'client-1' },
    completions: { Boundary_Cancelled: { reason: 'too late' } },
    order: 'newest',
  },
  'a send task publishes to the waiting process': {
    model: 'message-publish-send-task.bpmn',
    variables: { clientId: 'client-1', answer: 'yes' },
    order: 'oldest',
  },
  'a message end event publishes the order': {
    model: 'message-publish-end-event.bpmn',
    variables: { orderNumber: '4711' },
    order: 'oldest',
  },
  'started by a published message': {
    model: 'message-publish-start.bpmn',
    variables: { orderNumber: '4711' },
    order: 'oldest',
  },
  'a boundary timer cycle, three reminders': {
    model: 'element-timer-cycle.bpmn',
    variables: {},
    order: 'newest',
  },
  'started by a signal': {
    model: 'element-signal-start.bpmn',
    variables: { priceList: 'v3' },
    order: 'oldest',
  },
  'started on a schedule': {
    model: 'element-timer-start.bpmn',
    variables: {},
    order: 'oldest',
  },
  'conditional events, deal lost during the negotiation': {
    model: 'element-conditional-events.bpmn',
    variables: { discount: 5, lost: false, paid: false },
    interrupt: { afterBatches: 1, event: change({ lost: true }) },
    order: 'oldest',
  },
  'conditional events, paid before the negotiation ends': {
    model: 'element-conditional-events.bpmn',
    variables: { discount: 5, lost: false, paid: true },
    order: 'oldest',
  },
  'CRM triggers on waits, both met': {
    model: 'element-crm-trigger-catch.bpmn',
    variables: {},
    order: 'oldest',
  },
  'deal and client-card actions': {
    model: 'element-crm-deal-actions.bpmn',
    variables: { fleet: 'vans', amount: '980.00', nextStageId: 'stage-2', newOwner: 'noah' },
    order: 'oldest',
  },
  'event subprocesses, order cancelled': {
    model: 'element-event-subprocess.bpmn',
    variables: { remindAfter: 'PT1H', clientId: 'client-1' },
    order: 'oldest',
  },
  'event subprocesses, out of stock': {
    model: 'element-event-subprocess.bpmn',
    variables: { remindAfter: 'PT1H', clientId: 'client-1' },
    completions: { Task_Prepare: { outOfStock: true } },
    order: 'newest',
  },
  'credit check, granted': {
    model: 'element-called-credit-check.bpmn',
    variables: { amount: 1000 },
    completions: { Task_Rate: { rating: 'good' } },
    order: 'oldest',
  },
  'call activity, credit granted': {
    model: 'element-call-activity.bpmn',
    variables: { orderAmount: 1000 },
    completions: { Call_CreditCheck: { limit: 2000, amount: 1000, rating: 'good' } },
    order: 'oldest',
  },
  'call activity, credit refused': {
    model: 'element-call-activity.bpmn',
    variables: { orderAmount: 1000 },
    calledInstancesFail: 'CREDIT_REFUSED',
    order: 'oldest',
  },
  'multi-instance, two approvals of three': {
    model: 'element-multi-instance.bpmn',
    variables: { approvers: ['ann', 'bob', 'cid'], contacts: ['Ann', 'Bob'], documents: ['id'] },
    completions: { Task_Approve: { approved: true } },
    order: 'newest',
  },
  'parallel multi-instance subprocess runs, a veto ending them': {
    model: 'element-multi-instance-subprocess.bpmn',
    variables: { approvers: ['ann'], reviewers: ['bob', 'cid', 'dan'] },
    completions: { Task_Review: { verdict: 'veto' } },
    order: 'newest',
    runScopes: true,
  },
  'a multi-instance task ended by its boundary timer': {
    model: 'element-multi-instance-subprocess.bpmn',
    variables: { approvers: ['ann', 'bob'], reviewers: ['cid'] },
    order: 'oldest',
    runScopes: true,
  },
  'a timer winning against a failing call': {
    model: 'a timer racing a failing call',
    variables: { count: 3, assignee: null, dueIn: null },
    order: 'newest',
  },
  'a long loop, three blocks and a milestone': {
    model: 'long-loop.bpmn',
    variables: { counter: 900, rounds: 1150 },
    order: 'oldest',
    digest: true,
  },
  'a loop woken by its timer': {
    model: 'long-ticks.bpmn',
    variables: { ticks: 0, rounds: 3 },
    order: 'oldest',
  },
  'waits beside a run of calls': {
    model: 'long-wait.bpmn',
    variables: { calls: 0, rounds: 2, reminderIn: 'PT20S' },
    order: 'newest',
  },
};

async function loadModel(name: string): Promise<ExecutableModel> {
  if (scriptedModels[name]) return scriptedModels[name];
  return compileFixture(name);
}

function nextEvent(state: EngineState, scenario: Scenario, batches: number): EngineEvent {
  if (scenario.interrupt?.afterBatches === batches) return scenario.interrupt.event;
  const wait = scenario.order === 'oldest' ? state.waits[0] : state.waits[state.waits.length - 1];
  if (wait.kind === 'timer') return { type: 'timerFired', waitKey: wait.waitKey };
  if (wait.kind === 'message') {
    const variables = scenario.completions?.[wait.elementId] ?? {};
    return { type: 'messageReceived', waitKey: wait.waitKey, variables };
  }
  if (wait.kind === 'calledInstance') {
    if (scenario.calledInstancesFail !== undefined) {
      const errorCode = scenario.calledInstancesFail;
      return {
        type: 'calledInstanceEnded',
        waitKey: wait.waitKey,
        status: 'failed',
        variables: {},
        error: { message: `error "${errorCode}" was thrown`, errorCode },
      };
    }
    const variables = scenario.completions?.[wait.elementId] ?? {};
    return {
      type: 'calledInstanceEnded',
      waitKey: wait.waitKey,
      status: 'completed',
      variables,
      error: null,
    };
  }
  if (wait.kind === 'signal') {
    const variables = scenario.completions?.[wait.elementId] ?? {};
    return { type: 'signalReceived', signalName: wait.signalName, variables };
  }
  return {
    type: 'userTaskCompleted',
    waitKey: wait.waitKey,
    variables: scenario.completions?.[wait.elementId] ?? {},
    completedBy: 'anna@example.com',
  };
}

interface RunStep {
  event: EngineEvent | null;
  step: Step;
}

/** The SHA-256 of the output's JSON, with the final state and last effects to read. */
function digestOf(steps: RunStep[]): unknown {
  const sha256 = createHash('sha256').update(JSON.stringify(steps)).digest('hex');
  const { state, commands } = steps[steps.length - 1].step;
  const lastEffects = commands.flatMap((command) => ('effects' in command ? command.effects : []));
  return { sha256, state, lastEffects: lastEffects.slice(-3) };
}

/** Every step of the run: the event fed in (null for the start) and the engine's output. */
async function run(name: string, scenario: Scenario): Promise<RunStep[]> {
  const model = await loadModel(scenario.model);
  const { variables, runScopes } = scenario;
  let step = start(model, { instanceId: `golden-${name}`, variables, runScopes });
  const steps: RunStep[] = [{ event: null, step }];
  while (step.state.status === 'running') {
    if (steps.length > 40) throw new Error(`${name} does not end`);
    const event = nextEvent(step.state, scenario, steps.length);
    step = advance(model, step.state, event);
    steps.push({ event, step });
  }
  return steps;
}

const golden = new GoldenFile(join(__dirname, 'engine.golden.json'));

describe('the engine output, against engine.golden.json', () => {
  afterAll(() => golden.save());

  it('runs every fixture that compiles', () => {
    const used = new Set(Object.values(scenarios).map((scenario) => scenario.model));
    const compiling = readdirSync(fixtureDir).filter((file) => !file.startsWith('invalid-'));
    expect(compiling.filter((file) => !used.has(file))).toEqual([]);
  });

  it('holds no scenario this test does not run', () => {
    expect(golden.names().filter((name) => !(name in scenarios))).toEqual([]);
  });

  it.each(Object.keys(scenarios))('%s', async (name) => {
    const steps = await run(name, scenarios[name]);
    golden.check(name, scenarios[name].digest ? digestOf(steps) : steps);
  });
});
