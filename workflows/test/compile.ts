/** Reading and compiling BPMN in the workflows unit tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CompileIssue, compileBpmn } from '../bpmn/compiler';
import type { ExecutableModel } from '../engine/model';

/** The XML of a diagram in workflows/bpmn/fixtures. */
export function fixtureXml(name: string): string {
  return readFileSync(join(__dirname, '../bpmn/fixtures', name), 'utf8');
}

/** The model of a fixture diagram; throws when it does not compile. */
export async function compileFixture(name: string): Promise<ExecutableModel> {
  const result = await compileBpmn(fixtureXml(name));
  if (!result.ok) throw new Error(`${name} does not compile: ${JSON.stringify(result.errors)}`);
  return result.model;
}

/** The errors of a diagram the compiler must refuse. */
export async function compileErrors(xml: string): Promise<CompileIssue[]> {
  const result = await compileBpmn(xml);
  if (result.ok) throw new Error('expected the diagram to be rejected');
  return result.errors;
}

/** The 1-based line declaring an id in the source, to check reported lines against. */
export function lineOf(xml: string, id: string): number {
  return xml.slice(0, xml.indexOf(`id="${id}"`)).split('\n').length;
}
