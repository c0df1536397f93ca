import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '#server/auth/auth-user';
import { AccessPolicy } from '#server/common/access/access-policy.service';
import { Client } from '#server/crm/clients/client.entity';
import { ProcessInstance } from '../instances/process-instance.entity';
import { DefinitionsService } from './definitions.service';

/** The live instances of a version: those the heatmap counts. */
const LIVE_STATUSES = ['running', 'incident'];

/** One element of the heatmap. */
export interface ElementHeat {
  elementId: string;
  waiting: number;
  visits: number;
  averageMs: number;
}

/**
 * Per element, from the instance events of the readable live instances (`readable`): the visits
 * (a token's `element.started` and the `element.completed` or `element.terminated` that follows
 * it), how many are still open (tokens waiting there now) and their average duration, an open
 * visit counting until now. The events of one token on one element alternate start and end, so
 * an end's visit began at the event before it and a start with nothing after it is open.
 */
const HEAT_SQL = (readable: string) => `
  WITH readable AS (${readable}),
  steps AS (
    SELECT e.element_id, e.type, e.created_at,
           lag(e.created_at) OVER visit AS previous_at,
           lead(e.id) OVER visit AS next_id
      FROM readable r
      JOIN instance_events e ON e.instance_id = r.id
     WHERE e.type IN ('element.started', 'element.completed', 'element.terminated')
       AND e.element_id IS NOT NULL
    WINDOW visit AS (PARTITION BY e.instance_id, e.element_id, e.payload->>'tokenId' ORDER BY e.id)
  ),
  visits AS (
    SELECT element_id,
           type = 'element.started' AS open,
           CASE WHEN type = 'element.started' THEN now() - created_at
                ELSE created_at - previous_at END AS spent
      FROM steps
     WHERE (type = 'element.started' AND next_id IS NULL)
        OR (type <> 'element.started' AND previous_at IS NOT NULL)
  )
  SELECT element_id AS "elementId",
         count(*) FILTER (WHERE open)::int AS waiting,
         count(*)::int AS visits,
         round(avg(extract(epoch FROM spent) * 1000))::float8 AS "averageMs"
    FROM visits
   GROUP BY element_id
   ORDER BY element_id`;

/** Where the live instances of one process version stand, and how long each element holds them. */
@Injectable()
export class HeatmapService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionsService,
    private readonly access: AccessPolicy,
  ) {}

  async heatmap(definitionId: string, caller: AuthUser) {
    const definition = await this.definitions.get(definitionId);
    const readable = this.dataSource.manager
      .createQueryBuilder(ProcessInstance, 'instance')
      .select('instance.id', 'id')
      .leftJoin(Client, 'client', 'client.id = instance.client_id')
      .where('instance.definition_id = :definitionId', { definitionId })
      .andWhere('instance.status IN (:...statuses)', { statuses: LIVE_STATUSES });
    await this.access.scopeInstances(readable, caller, 'instance', 'client');
    const [readableSql, parameters] = readable.getQueryAndParameters();
    const [[counted], elements] = await Promise.all([
      this.dataSource.query(
        `SELECT count(*)::int AS "liveInstances" FROM (${readableSql}) readable`,
        parameters,
      ) as Promise<{ liveInstances: number }[]>,
      this.dataSource.query(HEAT_SQL(readableSql), parameters) as Promise<ElementHeat[]>,
    ]);
    return {
      definitionId: definition.id,
      key: definition.key,
      version: definition.version,
      liveInstances: counted.liveInstances,
      elements,
    };
  }
}
