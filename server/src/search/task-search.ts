import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import type { AccessPolicy } from '../common/access/access-policy.service';
import { Client } from '../crm/clients/client.entity';
import { UserTask } from '../processes/tasks/user-task.entity';
import type { SearchResult } from './search.dto';
import { type ParsedSearch, titleScoreSql } from './search-query';

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
 * Only open tasks are searched (a few thousand at most), so their names need no index.
 */
export async function searchTasks(
  manager: EntityManager,
  access: AccessPolicy,
  parsed: ParsedSearch & { tsQuery: string },
  limit: number,
  caller: AuthUser,
): Promise<SearchResult[]> {
  const name = 'lower(task.name)';
  const vector = `to_tsvector('simple'::regconfig, task.name)`;
  const tsQuery = `to_tsquery('simple'::regconfig, CAST(:tsQuery AS text))`;
  const matches = parsed.fuzzy
    ? `(${vector} @@ ${tsQuery} OR CAST(:similar AS text) <% ${name})`
    : `${vector} @@ ${tsQuery}`;
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
      titleScoreSql(name, vector, {
        text: 'CAST(:text AS text)',
        prefix: 'CAST(:prefix AS text)',
        similar: 'CAST(:similar AS text)',
        tsQuery,
      }),
      'score',
    )
    .where(`task.status = 'open'`)
    .andWhere(matches)
    .setParameters({
      tsQuery: parsed.tsQuery,
      similar: parsed.similarityText,
      text: parsed.text,
      prefix: parsed.prefixPattern,
    });
  await access.scopeTasks(builder, caller, 'task', 'client', manager);
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
