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
import { countIssues, lintingConfig } from '../src/modeler/lint';

const camundaFile = readFileSync(join(__dirname, 'fixtures/camunda-welcome.bpmn'), 'utf8');
const withSubject = camundaFile.replace(
  'type="createCall"',
  'type="createCall" subject="Welcome aboard"',
);

async function lint(xml: string) {
  const { rootElement } = await BpmnModdle({ flowcard: flowcardDescriptor }).fromXML(xml);
  const issues = await new Linter(lintingConfig.bpmnlint).lint(rootElement as BpmnElement);
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
});
