/**
 * The modeler's lint is the compiler: a Camunda Modeler file read as bpmn-js reads it (our
 * moddle descriptor, zeebe: extensions kept as unknown elements) gets the compiler's errors
 * on the elements they concern, and nothing once the compiler accepts it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import type { BpmnElement } from '#workflows/bpmn/bpmn-element';
import { compileBpmn } from '#workflows/bpmn/compiler';
import flowcardDescriptor from '#workflows/bpmn/flowcard.json';
import { DEFAULT_MAX_TIMER_MS } from '#workflows/engine/model';
import { countIssues, type LintLimits, lintingConfig } from '../src/modeler/lint';

const camundaFile = readFileSync(join(__dirname, 'fixtures/camunda-welcome.bpmn'), 'utf8');
const withSubject = camundaFile.replace(
  'type="createCall"',
  'type="createCall" subject="Welcome aboard"',
);

const DAY_MS = 24 * 60 * 60 * 1000;

async function lint(xml: string, limits: LintLimits = { maxTimerMs: DEFAULT_MAX_TIMER_MS }) {
  const { rootElement } = await BpmnModdle({ flowcard: flowcardDescriptor }).fromXML(xml);
  const issues = await new Linter(lintingConfig(limits).bpmnlint).lint(rootElement as BpmnElement);
  const reports = Object.values(
    issues as Record<string, { id: string; message: string; category: string }[]>,
  ).flat();
  return { reports, counts: countIssues({ all: reports }) };
}

describe('the modeler lint', () => {
  it('reports the compiler errors of an imported Camunda file on their elements', async () => {
    const compiled = await compileBpmn(camundaFile);
    expect(compiled.ok).toBe(false);
    const { reports, counts } = await lint(camundaFile);
    expect(counts).toEqual({ errors: compiled.ok ? 0 : compiled.errors.length, warnings: 0 });
    expect(reports).toEqual([
      expect.objectContaining({
        id: 'Task_WelcomeCall',
        message: 'createCall needs a subject',
        category: 'error',
      }),
    ]);
  });

  it('accepts what the compiler accepts, zeebe extensions and all', async () => {
    expect((await compileBpmn(withSubject)).ok).toBe(true);
    expect((await lint(withSubject)).counts).toEqual({ errors: 0, warnings: 0 });
  });

  it('puts a problem of the whole diagram on the process', async () => {
    const noStart = withSubject
      .replace(/<bpmn:startEvent[\s\S]*?<\/bpmn:startEvent>/, '')
      .replace(/<bpmn:sequenceFlow id="Flow_ToCall"[^>]*\/>/, '')
      .replace('<bpmn:incoming>Flow_ToCall</bpmn:incoming>', '');
    const compiled = await compileBpmn(noStart);
    expect(compiled.ok).toBe(false);
    const { reports } = await lint(noStart);
    expect(reports.map((report) => report.message)).toEqual(
      compiled.ok ? [] : compiled.errors.map((error) => error.message),
    );
    expect(reports.some((report) => report.id === 'camunda_welcome')).toBe(true);
  });

  it("refuses a timer longer than the server's maximum, as the deploy does", async () => {
    const waitForty = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="http://flowcard.dev/processes">
  <bpmn:process id="long_wait" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Wait" />
    <bpmn:intermediateCatchEvent id="Wait">
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P40D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="F2" sourceRef="Wait" targetRef="End" />
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
    // Under the default maximum (about ten years) forty days are fine, for lint and deploy.
    expect((await compileBpmn(waitForty)).ok).toBe(true);
    expect((await lint(waitForty)).counts).toEqual({ errors: 0, warnings: 0 });

    // A server configured with FLOWCARD_MAX_TIMER=P30D refuses them: lint says so, on the timer.
    const thirtyDays = { maxTimerMs: 30 * DAY_MS };
    const deployed = await compileBpmn(waitForty, thirtyDays);
    expect(deployed.ok).toBe(false);
    const { reports } = await lint(waitForty, thirtyDays);
    expect(reports).toEqual(
      (deployed.ok ? [] : deployed.errors).map((error) =>
        expect.objectContaining({ id: error.elementId, message: error.message, category: 'error' }),
      ),
    );
    expect(reports.map((report) => report.id)).toEqual(['Wait']);
  });
});
