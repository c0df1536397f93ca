import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ProcessInstance } from './process-instance.entity';

/** What lists and cards show of an instance's process version. */
export interface DefinitionSummary {
  id: string;
  key: string;
  name: string | null;
  version: number;
}

/**
 * Joins the instance's process version with only the columns of its summary: never its BPMN
 * XML and executable model, which are large and which a card or a list does not show.
 */
export function joinDefinitionSummary<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  instanceAlias: string,
  definitionAlias = 'definition',
): SelectQueryBuilder<T> {
  return query
    .leftJoin(`${instanceAlias}.definition`, definitionAlias)
    .addSelect(['id', 'key', 'name', 'version'].map((column) => `${definitionAlias}.${column}`));
}

export function definitionSummary(
  definition: ProcessInstance['definition'],
): DefinitionSummary | null {
  return definition
    ? { id: definition.id, key: definition.key, name: definition.name, version: definition.version }
    : null;
}
