import { createHash } from 'node:crypto';

/** Whitespace a BPMN editor may add or drop without changing the diagram. */
const SURROUNDING_WHITESPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;
const WHITESPACE_BETWEEN_TAGS = />[ \t\r\n]+</g;

/**
 * SHA-256 (hex) of the XML without surrounding whitespace and without whitespace between tags:
 * a diagram saved again with other indentation or line endings between elements hashes the
 * same. Text inside elements (conditions, documentation) is kept as written. The migration
 * that added the column hashes older rows by the same rule in SQL (`CONTENT_HASH_SQL`).
 */
export function contentHash(bpmnXml: string): string {
  const normalized = bpmnXml
    .replace(SURROUNDING_WHITESPACE, '')
    .replace(WHITESPACE_BETWEEN_TAGS, '><');
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}
