/**
 * The capability list on the real API carries the timer maximum this server deploys with
 * (FLOWCARD_MAX_TIMER), which the modeler's lint compiles with: lint and deploy agree.
 */
import { endEvent, linearDiagram, startEvent, timerEvent } from '#test/harness/diagrams';
import { useFlowcard } from '#test/harness/index';

// Read when the app boots (in beforeAll); jest gives each test file its own process.env.
process.env.FLOWCARD_MAX_TIMER = 'P30D';

const { flowcard, tokens, as } = useFlowcard({ worker: false });

const DAY_MS = 24 * 60 * 60 * 1000;

const waiting = (key: string, duration: string) =>
  linearDiagram(key, [startEvent('Start'), timerEvent('Wait', duration), endEvent('End')]);

describe('the capability list of a server with FLOWCARD_MAX_TIMER=P30D', () => {
  it('names the maximum the deploy applies', async () => {
    const capabilities = await as('analyst', 'GET', '/api/bpmn/capabilities');
    expect(capabilities.status).toBe(200);
    expect(capabilities.body.maxTimerMs).toBe(30 * DAY_MS);

    const deploy = (xml: string) =>
      flowcard.api(tokens.analyst, 'POST', '/api/process-definitions', xml, 'application/xml');
    expect((await deploy(waiting('wait_thirty_days', 'P30D'))).status).toBe(201);
    const refused = await deploy(waiting('wait_forty_days', 'P40D'));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'BPMN_INVALID',
      details: [
        {
          elementId: 'Wait',
          message: 'timeDuration: P40D is longer than the timer maximum (P30D, FLOWCARD_MAX_TIMER)',
        },
      ],
    });
  });
});
