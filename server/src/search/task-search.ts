import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import type { AccessPolicy } from '../common/access/access-policy.service';
import { Client } from '../crm/clients/client.entity';
import { UserTask } from '../processes/tasks/user-task.entity';
import type { SearchResult } from './search.dto';
import { type ParsedSearch, titleScoreSql } from './search-query';

/** How many matching tasks are ranked, at most (as many as clients and deals). */
const CANDIDATES = 200;

interface TaskRow {
  id: string;
  name: string;
  due_at: Date | null;
  assignee_id: string | null;
  candidate_role: string | null;
  client_name: string | null;
  score: string;
}

/**
 * Open user tasks the caller may read whose name matches, scored like deals (`titleScoreSql`).
 * Matches come from the open tasks' name indexes (migration 1764000028000). Task names are
 * element names, so one word can match thousands of open tasks: as for clients and deals, at
 * most CANDIDATES of those the caller may read are ranked.
 */
export async function searchTasks(
  manager: EntityManager,
  access: AccessPolicy,
  parsed: ParsedSearch & { tsQuery: string },
  limit: number,
  caller: AuthUser,
): Promise<SearchResult[]> {
  const tsQuery = `to_tsquery('simple'::regconfig, CAST(:tsQuery AS text))`;
  const vectorOf = (task: string) => `to_tsvector('simple'::regconfig, ${task}.name)`;
  const matches = (task: string) =>
    parsed.fuzzy
      ? `(${vectorOf(task)} @@ ${tsQuery} OR CAST(:similar AS text) <% lower(${task}.name))`
      : `${vectorOf(task)} @@ ${tsQuery}`;
  const candidates = manager
    .createQueryBuilder(UserTask, 'candidate')
    .leftJoin(Client, 'candidateClient', 'candidateClient.id = candidate.client_id')
    .select('candidate.id')
    .where(`candidate.status = 'open'`)
    .andWhere(matches('candidate'))
    .limit(CANDIDATES);
  await access.scopeTasks(candidates, caller, 'candidate', 'candidateClient', manager);
  const builder = manager
    .createQueryBuilder(UserTask, 'task')
    .leftJoin(Client, 'client', 'client.id = task.client_id')
    .select([
      'task.id AS id',
      'task.name AS name',
      'task.due_at AS due_at',
      'task.assignee_id AS assignee_id',
      'task.candidate_role AS candidate_role',
      'client.name AS client_name',
    ])
    .addSelect(
      titleScoreSql('lower(task.name)', vectorOf('task'), {
        text: 'CAST(:text AS text)',
        prefix: 'CAST(:prefix AS text)',
        similar: 'CAST(:similar AS text)',
        tsQuery,
      }),
      'score',
    )
    .where(`task.id IN (${candidates.getQuery()})`)
    .setParameters({
      ...candidates.getParameters(),
      tsQuery: parsed.tsQuery,
      similar: parsed.similarityText,
      text: parsed.text,
      prefix: parsed.prefixPattern,
    });
  const rows: TaskRow[] = await builder
    .orderBy('score', 'DESC')
    .addOrderBy('task.name')
    .addOrderBy('task.id')
    .limit(limit)
    .getRawMany();
  return rows.map((row) => taskResult(row, caller));
}

function taskResult(row: TaskRow, caller: AuthUser): SearchResult {
  const who =
    row.assignee_id === caller.id
      ? 'Assigned to me'
      : row.assignee_id
        ? 'Assigned'
        : `Open to ${row.candidate_role ?? 'anyone'}`;
  return {
    type: 'task',
    id: row.id,
    title: row.name,
    subtitle: [row.client_name, who, row.due_at && `due ${new Date(row.due_at).toISOString()}`]
      .filter(Boolean)
      .join(' · '),
    score: Math.round(Number(row.score) * 1000) / 1000,
  };
}
