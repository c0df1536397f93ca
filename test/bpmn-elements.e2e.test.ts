/**
 * Each element kind beyond the first seven, run through the app on the real Temporal server
 * and Postgres: the fixture is deployed and started over REST, and the test reads the path
 * taken (the instance's element.started/completed events) and the side effects (CRM rows,
 * user tasks, variables) back through the API.
 */
import {
  completedElements,
  fixtureXml as fixture,
  type InstanceEvent,
  postDiagram,
  startedElements,
  terminatedElements,
  useBpmnFlowcard,
} from './harness/bpmn';
import { eventually } from './harness';

jest.setTimeout(90_000);

const {
  flowcard,
  tokens,
  as,
  deployFixture: deploy,
  createClient,
  startInstance,
  instanceCard,
  ended,
  openTask,
  completeTask,
  clientCard,
  activitiesOf,
} = useBpmnFlowcard();

describe('plain and manual tasks', () => {
  it('pass the token on to the next step', async () => {
    const definitionId = await deploy('element-tasks.bpmn');
    const clientId = await createClient('Plain Tasks Ltd');
    const instanceId = await startInstance(definitionId, clientId);
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Task_Prepare',
      'Task_Phone',
      'Task_MarkPotential',
      'End',
    ]);
    expect(card.events).toContainEqual(
      expect.objectContaining({
        type: 'element.started',
        elementId: 'Task_Phone',
        payload: expect.objectContaining({
          elementKind: 'manualTask',
          elementName: 'Phone the client',
        }),
      }),
    );
    expect((await clientCard(clientId)).client.status).toBe('potential');
  });
});

describe('script tasks', () => {
  it('set variables from FEEL that the next steps read', async () => {
    const definitionId = await deploy('element-script-task.bpmn');
    const clientId = await createClient('Script Tasks Ltd');
    const instanceId = await startInstance(definitionId, clientId, { price: 250, quantity: 5 });
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(card.variables).toEqual({ price: 250, quantity: 5, total: 1250, size: 'large' });
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Script_Total',
      'Script_Size',
      'Task_Offer',
      'End',
    ]);
    expect(await activitiesOf(clientId, instanceId)).toEqual(['task: Offer for 1250 (large)']);
  });

  it('refuses invalid FEEL at deploy, with the element id and line', async () => {
    const xml = fixture('invalid-script-feel.bpmn');
    const response = await postDiagram(flowcard, tokens.analyst, xml);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BPMN_INVALID');
    const line = xml.slice(0, xml.indexOf('id="Script_Broken"')).split('\n').length;
    expect(response.body.details).toContainEqual({
      elementId: 'Script_Broken',
      line,
      message: 'script: FEEL syntax error: "price * (quantity" is incomplete',
    });
  });
});

describe('terminate end events', () => {
  it('end the instance, cancelling the open user task and the running timer', async () => {
    const definitionId = await deploy('element-terminate-end.bpmn');
    const clientId = await createClient('Terminate Ltd');
    // The reminder would fire during the test if terminating did not stop it.
    const instanceId = await startInstance(definitionId, clientId, { reminderIn: 'PT3S' });
    const review = await openTask(instanceId, 'Review offer');
    const withdraw = await openTask(instanceId, 'Record withdrawal');
    await completeTask(withdraw.id);

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(card.openTasks).toEqual([]);
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Fork',
      'Task_Withdraw',
      'Task_MarkLost',
      'End_Withdrawn',
    ]);
    const cancelled = await as(
      'manager',
      'GET',
      `/api/tasks?role=manager&instanceId=${instanceId}&status=cancelled`,
    );
    expect(cancelled.body.items.map((task: { id: string }) => task.id)).toEqual([review.id]);
    expect((await clientCard(clientId)).client.status).toBe('lost');

    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const later = await instanceCard(instanceId);
    expect(startedElements(later.events)).not.toContain('Task_ReminderCall');
    expect(await activitiesOf(clientId, instanceId)).toEqual([]);
  });
});

describe('timers until a date', () => {
  it('wait until the moment from a FEEL date and time, and go on at once for a past date', async () => {
    const definitionId = await deploy('element-timer-date.bpmn');
    const clientId = await createClient('Timer Date Ltd');
    const callBackAt = new Date(Date.now() + 3_000);
    const instanceId = await startInstance(definitionId, clientId, {
      callBackAt: callBackAt.toISOString(),
    });
    const waiting = await instanceCard(instanceId);
    expect(waiting.status).toBe('running');
    expect(await activitiesOf(clientId, instanceId)).toEqual([]);

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Timer_CallBackAt',
      'Task_CallBack',
      'Timer_Past',
      'End',
    ]);
    const fired = card.events.find(
      (event: InstanceEvent) =>
        event.type === 'element.completed' && event.elementId === 'Timer_CallBackAt',
    );
    // The database clock and the test's clock are the same machine's.
    expect(new Date(fired.createdAt).getTime()).toBeGreaterThanOrEqual(callBackAt.getTime() - 50);
    expect(await activitiesOf(clientId, instanceId)).toEqual(['call: Call back as agreed']);
  });
});

describe('link events', () => {
  it.each([
    [true, ['Gateway_Urgent', 'Task_Urgent', 'Link_FromUrgent'], ['call: Urgent call']],
    [false, ['Gateway_Urgent', 'Task_Regular', 'Link_FromRegular'], []],
  ])('jump to the catch event of the same name (urgent: %s)', async (urgent, path, calls) => {
    const definitionId = await deploy('element-link-events.bpmn');
    const clientId = await createClient(`Links ${urgent} Ltd`);
    const instanceId = await startInstance(definitionId, clientId, { urgent });
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      ...path,
      'Link_FollowUp',
      'Task_FollowUp',
      'End',
    ]);
    // Both are written in one batch, at one commit time: which comes first is not defined.
    expect((await activitiesOf(clientId, instanceId)).sort()).toEqual(
      [...calls, 'task: Follow up the request'].sort(),
    );
  });
});

describe('inclusive gateways', () => {
  it('split along every chosen flow; the join waits for the user task branch', async () => {
    const definitionId = await deploy('element-inclusive-gateway.bpmn');
    const clientId = await createClient('Inclusive Ltd');
    const instanceId = await startInstance(definitionId, clientId, {
      wantsLoan: true,
      wantsCard: true,
      wantsInsurance: false,
    });
    const loan = await openTask(instanceId, 'Prepare loan offer');
    const waiting = await instanceCard(instanceId);
    expect(completedElements(waiting.events)).toEqual(['Start', 'Split', 'Task_CardBrochure']);
    expect(waiting.client.status).toBe('lead');

    await completeTask(loan.id, { offerMade: true });
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Split',
      'Task_CardBrochure',
      'Task_LoanOffer',
      'Gateway_OfferMade',
      'Join',
      'Task_MarkPotential',
      'End',
    ]);
    expect(await activitiesOf(clientId, instanceId)).toEqual(['task: Send card brochure']);
    expect((await clientCard(clientId)).client.status).toBe('potential');
  });

  it('stops waiting for a branch whose token went elsewhere', async () => {
    const definitionId = await deploy('element-inclusive-gateway.bpmn');
    const clientId = await createClient('Inclusive No Offer Ltd');
    const instanceId = await startInstance(definitionId, clientId, {
      wantsLoan: true,
      wantsCard: false,
      wantsInsurance: true,
    });
    const loan = await openTask(instanceId, 'Prepare loan offer');
    await completeTask(loan.id, { offerMade: false });
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Split',
      'Task_InsuranceCall',
      'Task_LoanOffer',
      'Gateway_OfferMade',
      'End_NoOffer',
      'Join',
      'Task_MarkPotential',
      'End',
    ]);
    expect(await activitiesOf(clientId, instanceId)).toEqual(['call: Talk about insurance']);
  });
});

describe('none throw events, send tasks and message throw events', () => {
  it('publish their messages and pass the token on', async () => {
    const definitionId = await deploy('element-send-task.bpmn');
    const clientId = await createClient('Send Task Ltd');
    const instanceId = await startInstance(definitionId, clientId, { clientId });
    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Milestone_Approved',
      'Task_SendOffer',
      'Message_NotifyPartner',
      'Task_FollowUp',
      'End',
    ]);
    expect(card.events).toContainEqual(
      expect.objectContaining({
        type: 'element.completed',
        elementId: 'Task_SendOffer',
        payload: expect.objectContaining({ elementKind: 'sendTask', elementName: 'Send offer' }),
      }),
    );
    expect(await activitiesOf(clientId, instanceId)).toEqual(['call: Did the offer arrive?']);
  });
});

describe('parallel gateways', () => {
  it('fork into a user task, a timer and a service task, and join them once', async () => {
    const definitionId = await deploy('parallel-onboarding.bpmn');
    const clientId = await createClient('Parallel Ltd');
    const instanceId = await startInstance(definitionId, clientId, {
      owner: 'manager@demo.local',
      name: 'Parallel Ltd',
      coolingPeriod: 'PT1S',
      status: 'potential',
      meetingIn: 'P1D',
      approved: true,
    });
    const check = await eventually(async () => {
      const tasks = await as('manager', 'GET', `/api/tasks?assignee=me&instanceId=${instanceId}`);
      return tasks.body.items.find((task: { name: string }) => task.name === 'Check documents');
    });
    // The cooling-off timer fires while the documents are still being checked.
    await eventually(async () =>
      completedElements((await instanceCard(instanceId)).events).includes('Task_MarkActive'),
    );
    expect(completedElements((await instanceCard(instanceId)).events)).not.toContain('Join');
    await completeTask(check.id, { checked: true });

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    const path = completedElements(card.events);
    expect(path.filter((id) => id === 'Fork')).toHaveLength(1);
    expect(path.filter((id) => id === 'Join')).toHaveLength(1);
    expect(path.slice(-4)).toEqual(['Join', 'Gateway_Approved', 'Task_Thanks', 'End_Onboarded']);
    expect((await activitiesOf(clientId, instanceId)).sort()).toEqual([
      'call: Thank you',
      'meeting: Welcome',
      'task: Archive documents of Parallel Ltd',
    ]);
    expect((await clientCard(clientId)).client.status).toBe('potential');
  });
});

describe('boundary timer events', () => {
  it('remind without interrupting the review, then escalate when it is overdue, cancelling it', async () => {
    const definitionId = await deploy('element-boundary-timer.bpmn');
    const clientId = await createClient('Overdue Review Ltd');
    const instanceId = await startInstance(definitionId, clientId, {
      reminderIn: 'PT1S',
      overdueIn: 'PT4S',
      supervisor: 'supervisor@demo.local',
    });
    const review = await openTask(instanceId, 'Review application');
    await eventually(async () => (await activitiesOf(clientId, instanceId)).length > 0);
    const reminded = await instanceCard(instanceId);
    expect(reminded.status).toBe('running');
    expect(reminded.openTasks.map((task: { id: string }) => task.id)).toEqual([review.id]);

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Boundary_Reminder',
      'Task_RemindManager',
      'End_Reminded',
      'Boundary_Overdue',
      'Task_Escalate',
      'End_Escalated',
    ]);
    expect(startedElements(card.events)).not.toContain('Task_Sign');
    expect(terminatedElements(card.events)).toEqual(['Task_Review']);
    const cancelled = await as(
      'manager',
      'GET',
      `/api/tasks?role=manager&instanceId=${instanceId}&status=cancelled`,
    );
    expect(cancelled.body.items.map((task: { id: string }) => task.id)).toEqual([review.id]);
    expect(await activitiesOf(clientId, instanceId)).toEqual([
      'call: Reminder: review the application',
      'task: Overdue review: take it over',
    ]);
  });

  it('stop when the review is done in time', async () => {
    const definitionId = await deploy('element-boundary-timer.bpmn');
    const clientId = await createClient('Timely Review Ltd');
    const instanceId = await startInstance(definitionId, clientId, {
      reminderIn: 'PT2S',
      overdueIn: 'PT3S',
      supervisor: 'supervisor@demo.local',
    });
    await completeTask((await openTask(instanceId, 'Review application')).id);
    const sign = await openTask(instanceId, 'Sign contract');
    // Both timers would have fired by now had completing the review not stopped them.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await completeTask(sign.id);

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Task_Review',
      'Task_Sign',
      'End_Signed',
    ]);
    expect(await activitiesOf(clientId, instanceId)).toEqual([]);
  });
});

describe('embedded subprocesses', () => {
  it('complete once nothing is left inside, then the process goes on', async () => {
    const definitionId = await deploy('element-subprocess.bpmn');
    const clientId = await createClient('Onboarded Ltd');
    const instanceId = await startInstance(definitionId, clientId, { stalledAfter: 'P7D' });
    await completeTask((await openTask(instanceId, 'Collect documents')).id);

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Inner_Start',
      'Inner_Fork',
      'Task_WelcomeCall',
      'Inner_End_Welcomed',
      'Task_Documents',
      'Inner_End_Documented',
      'Sub_Onboarding',
      'Task_Activate',
      'End_Active',
    ]);
    expect(await activitiesOf(clientId, instanceId)).toEqual(['call: Welcome call']);
    expect((await clientCard(clientId)).client.status).toBe('potential');
  });

  it('end everything inside when the timer on its boundary interrupts it', async () => {
    const definitionId = await deploy('element-subprocess.bpmn');
    const clientId = await createClient('Stalled Onboarding Ltd');
    const instanceId = await startInstance(definitionId, clientId, { stalledAfter: 'PT2S' });
    const documents = await openTask(instanceId, 'Collect documents');

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events).slice(-3)).toEqual([
      'Boundary_Stalled',
      'Task_MarkLost',
      'End_Stalled',
    ]);
    expect(completedElements(card.events)).not.toContain('Sub_Onboarding');
    expect(terminatedElements(card.events)).toEqual(['Task_Documents', 'Sub_Onboarding']);
    const cancelled = await as(
      'manager',
      'GET',
      `/api/tasks?role=manager&instanceId=${instanceId}&status=cancelled`,
    );
    expect(cancelled.body.items.map((task: { id: string }) => task.id)).toEqual([documents.id]);
    expect((await clientCard(clientId)).client.status).toBe('lost');
  });
});

describe('error events', () => {
  it('an error end event in a subprocess is caught by the error boundary event for its code', async () => {
    const definitionId = await deploy('element-error-events.bpmn');
    const clientId = await createClient('Declined Card Ltd');
    const instanceId = await startInstance(definitionId, clientId);
    await completeTask((await openTask(instanceId, 'Charge the card')).id, { result: 'declined' });

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Inner_Start',
      'Task_Charge',
      'Gateway_Charged',
      'End_Declined',
      'Boundary_Declined',
      'Task_CallClient',
      'End_Unpaid',
    ]);
    expect(await activitiesOf(clientId, instanceId)).toEqual([
      'call: Payment declined: call the client',
    ]);
  });

  it('an error nothing catches stops at an incident naming its code', async () => {
    const definitionId = await deploy('element-error-events.bpmn');
    const clientId = await createClient('Fraud Suspect Ltd');
    const instanceId = await startInstance(definitionId, clientId);
    await completeTask((await openTask(instanceId, 'Charge the card')).id, { result: 'fraud' });

    const card = await ended(instanceId);
    expect(card.status).toBe('incident');
    expect(card.incidents).toEqual([
      expect.objectContaining({
        elementId: 'End_Fraud',
        message: 'error "FRAUD_SUSPECTED" was thrown and no error boundary event catches it',
      }),
    ]);
    expect(await activitiesOf(clientId, instanceId)).toEqual([]);
  });
});

describe('escalation events', () => {
  it('a non-interrupting escalation boundary event informs the supervisor while the order goes on', async () => {
    const definitionId = await deploy('element-escalation-events.bpmn');
    const clientId = await createClient('Big Order Ltd');
    const instanceId = await startInstance(definitionId, clientId, { amount: 20_000 });
    await completeTask((await openTask(instanceId, 'Prepare the order')).id, {
      outOfStock: false,
    });

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Inner_Start',
      'Gateway_Big',
      'Throw_BigOrder',
      'Boundary_BigOrder',
      'Task_InformSupervisor',
      'End_Informed',
      'Task_Prepare',
      'Gateway_Stock',
      'Inner_End_Prepared',
      'Sub_Order',
      'Task_Ship',
      'End_Shipped',
    ]);
    expect(await activitiesOf(clientId, instanceId)).toEqual([
      'task: Big order: check it',
      'task: Ship the order',
    ]);
  });

  it('an interrupting escalation boundary event ends the subprocess: the order is not shipped', async () => {
    const definitionId = await deploy('element-escalation-events.bpmn');
    const clientId = await createClient('Out Of Stock Ltd');
    const instanceId = await startInstance(definitionId, clientId, { amount: 50 });
    await completeTask((await openTask(instanceId, 'Prepare the order')).id, {
      outOfStock: true,
    });

    const card = await ended(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events).slice(-4)).toEqual([
      'End_NoStock',
      'Boundary_NoStock',
      'Task_Apologise',
      'End_NotShipped',
    ]);
    expect(completedElements(card.events)).not.toContain('Sub_Order');
    expect(await activitiesOf(clientId, instanceId)).toEqual(['call: Out of stock: apologise']);
  });
});

describe('message catch events and receive tasks', () => {
  const sendMessage = (name: string, correlationKey: string, variables?: object) =>
    as('manager', 'POST', '/api/messages', { name, correlationKey, variables });

  /** Sends once the instance waits at the element (its wait row is written with the batch). */
  async function deliver(instanceId: string, elementId: string, name: string, key: string) {
    await eventually(async () => {
      const card = await instanceCard(instanceId);
      return startedElements(card.events).includes(elementId);
    });
    return sendMessage(name, key, { answer: 'send the offer', pages: 4 });
  }

  it('wait for messages correlated by the client id, answering which instance they reached', async () => {
    const definitionId = await deploy('element-message-events.bpmn');
    const clientId = await createClient('Calls Back Ltd');
    const otherClientId = await createClient('Never Calls Ltd');
    const variables = { clientId, documentsWithin: 'P3D' };
    const instanceId = await startInstance(definitionId, clientId, variables);
    const otherId = await startInstance(definitionId, otherClientId, {
      ...variables,
      clientId: otherClientId,
    });

    const calledBack = await deliver(
      instanceId,
      'Catch_CalledBack',
      'client-called-back',
      clientId,
    );
    expect(calledBack.status).toBe(200);
    expect(calledBack.body).toEqual({
      instanceId,
      elementId: 'Catch_CalledBack',
      status: 'running',
      started: false,
      outcome: 'delivered',
      expiresAt: null,
    });
    // A manager of another team does not see the instance: for them, nothing waits.
    const stranger = await as('sara', 'POST', '/api/messages', {
      name: 'documents-received',
      correlationKey: clientId,
    });
    expect([stranger.status, stranger.body.code]).toEqual([404, 'MESSAGE_NOT_CORRELATED']);
    const documents = await deliver(
      instanceId,
      'Receive_Documents',
      'documents-received',
      clientId,
    );
    expect(documents.body).toEqual({
      instanceId,
      elementId: 'Receive_Documents',
      status: 'completed',
      started: false,
      outcome: 'delivered',
      expiresAt: null,
    });

    const card = await instanceCard(instanceId);
    expect(card.status).toBe('completed');
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Catch_CalledBack',
      'Task_Note',
      'Receive_Documents',
      'End',
    ]);
    expect(card.variables).toMatchObject({ answer: 'send the offer', pages: 4 });
    expect(await activitiesOf(clientId, instanceId)).toEqual(['task: Answer: send the offer']);
    // The other client's instance still waits: the key told them apart.
    expect((await instanceCard(otherId)).status).toBe('running');
    expect(startedElements((await instanceCard(otherId)).events)).not.toContain('Task_Note');
  });

  it('answers 404 when no instance waits, and once the wait is gone', async () => {
    const definitionId = await deploy('element-message-events.bpmn');
    const clientId = await createClient('Late Documents Ltd');
    const instanceId = await startInstance(definitionId, clientId, {
      clientId,
      documentsWithin: 'PT1S',
    });
    expect((await sendMessage('documents-received', clientId)).status).toBe(404);
    await deliver(instanceId, 'Catch_CalledBack', 'client-called-back', clientId);

    const card = await ended(instanceId);
    expect(completedElements(card.events).slice(-3)).toEqual([
      'Boundary_DocumentsLate',
      'Task_Chase',
      'End_Chased',
    ]);
    const late = await sendMessage('documents-received', clientId);
    expect(late.status).toBe(404);
    expect(late.body.code).toBe('MESSAGE_NOT_CORRELATED');
  });

  it('refuses senders without the role, and invalid bodies', async () => {
    const analyst = await as('analyst', 'POST', '/api/messages', {
      name: 'client-called-back',
      correlationKey: 'anything',
    });
    expect(analyst.status).toBe(403);
    expect((await as('manager', 'POST', '/api/messages', { name: '' })).status).toBe(400);
  });
});

describe('event-based gateways', () => {
  const waitingAtGateway = (instanceId: string) =>
    eventually(async () =>
      startedElements((await instanceCard(instanceId)).events).includes('Gateway_ReplyOrTimeout'),
    );

  it('go on from the message when it comes before the timer', async () => {
    const definitionId = await deploy('element-event-based-gateway.bpmn');
    const clientId = await createClient('Quick Reply Ltd');
    const instanceId = await startInstance(definitionId, clientId, {
      clientId,
      replyWithin: 'PT3S',
    });
    await waitingAtGateway(instanceId);
    const replied = await as('manager', 'POST', '/api/messages', {
      name: 'client-replied',
      correlationKey: clientId,
    });
    expect(replied.body).toEqual({
      instanceId,
      elementId: 'Catch_Replied',
      status: 'completed',
      started: false,
      outcome: 'delivered',
      expiresAt: null,
    });
    // The timer would fire by now had the message not stopped it.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const card = await instanceCard(instanceId);
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Gateway_ReplyOrTimeout',
      'Catch_Replied',
      'Task_Thank',
      'End_Replied',
    ]);
    expect(await activitiesOf(clientId, instanceId)).toEqual(['task: Thank for the reply']);
  });

  it('go on from the timer when no message comes; the message is refused afterwards', async () => {
    const definitionId = await deploy('element-event-based-gateway.bpmn');
    const clientId = await createClient('Silent Ltd');
    const instanceId = await startInstance(definitionId, clientId, {
      clientId,
      replyWithin: 'PT1S',
    });
    const card = await ended(instanceId);
    expect(completedElements(card.events)).toEqual([
      'Start',
      'Gateway_ReplyOrTimeout',
      'Timer_NoReply',
      'Task_FollowUp',
      'End_FollowedUp',
    ]);
    expect(await activitiesOf(clientId, instanceId)).toEqual(['call: No reply: call the client']);
    const late = await as('manager', 'POST', '/api/messages', {
      name: 'client-replied',
      correlationKey: clientId,
    });
    expect(late.status).toBe(404);
  });
});
