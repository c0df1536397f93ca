import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuthUser } from '#server/auth/auth-user';
import { commonError } from '#server/common/errors/common.errors';
import { decodeCursor, encodeCursor, Page } from '#server/common/pagination';
import { TIMELINE_STEP_EVENT_TYPES } from '#server/events/catalogue';
import { InstanceEvent } from '#server/processes/instances/instance-event.entity';
import { ProcessInstance } from '#server/processes/instances/process-instance.entity';
import {
  definitionSummary,
  joinDefinitionSummary,
} from '#server/processes/instances/definition-summary';
import { UserTask } from '#server/processes/tasks/user-task.entity';
import { Activity } from '../activities/activity.entity';
import { Deal } from '../deals/deal.entity';
import { PipelineStage } from '../deals/pipeline-stage.entity';
import { Client } from './client.entity';
import { ClientStatusChange } from './client-status-change.entity';
import { ClientsService } from './clients.service';

/** Who made a timeline entry: a person, or a step of a process instance. */
export type TimelineActor =
  | { type: 'user'; id: string; name: string }
  | {
      type: 'process';
      instanceId: string;
      definitionKey: string;
      elementId: string | null;
      elementName: string | null;
    };

export interface DealStageChangeView {
  id: string;
  dealId: string;
  dealTitle: string;
  fromStageId: string | null;
  fromStageName: string | null;
  toStageId: string;
  toStageName: string;
  changedAt: Date;
  changedById: string | null;
}

interface TimelineBase {
  /** Unique across the timeline; also the tie-breaker of its order. */
  id: string;
  at: Date;
  /** Null when neither a person nor a process did it (an integration, for instance). */
  actor: TimelineActor | null;
}

export type TimelineEntry = TimelineBase &
  (
    | { type: 'activity'; activity: Activity }
    | { type: 'statusChange'; change: ClientStatusChange }
    | { type: 'dealStageChange'; change: DealStageChangeView }
    | { type: 'processStep'; step: InstanceEvent }
  );

export type OpenTask =
  | { type: 'activity'; dueAt: Date | null; activity: Activity }
  | { type: 'processTask'; dueAt: Date | null; task: UserTask };

interface TimelineRow {
  at: string;
  key: string;
  type: TimelineEntry['type'];
  ref: string;
  user_id: string | null;
  user_name: string | null;
  instance_id: string | null;
  element_id: string | null;
  definition_key: string | null;
  element_name: string | null;
}

/**
 * One merged, newest-first timeline. Each source is read through its client index, cut at the
 * cursor and limited before the merge, so a page costs the same for any client and any depth.
 * Keys are `<type>:<id>`, which makes (at, key) a total order across the sources.
 */
const TIMELINE_SQL = `
  WITH entries AS (
    (SELECT a.created_at AS at, 'activity:' || a.id AS key, 'activity' AS type, a.id::text AS ref,
            a.created_by_id AS user_id, a.process_instance_id AS instance_id, a.element_id
       FROM activities a
      WHERE a.client_id = $1
        AND ($2::timestamptz IS NULL OR (a.created_at, 'activity:' || a.id) < ($2, $3::text))
      ORDER BY 1 DESC, 2 DESC
      LIMIT $4)
    UNION ALL
    (SELECT c.changed_at, 'statusChange:' || c.id, 'statusChange', c.id::text,
            c.changed_by_id, c.process_instance_id, c.element_id
       FROM client_status_changes c
      WHERE c.client_id = $1
        AND ($2::timestamptz IS NULL OR (c.changed_at, 'statusChange:' || c.id) < ($2, $3::text))
      ORDER BY 1 DESC, 2 DESC
      LIMIT $4)
    UNION ALL
    (SELECT s.changed_at, 'dealStageChange:' || s.id, 'dealStageChange', s.id::text,
            s.changed_by_id, NULL::uuid, NULL::text
       FROM deal_stage_changes s
       JOIN deals d ON d.id = s.deal_id
      WHERE d.client_id = $1
        AND ($2::timestamptz IS NULL OR (s.changed_at, 'dealStageChange:' || s.id) < ($2, $3::text))
      ORDER BY 1 DESC, 2 DESC
      LIMIT $4)
    UNION ALL
    (SELECT e.created_at, 'processStep:' || lpad(e.id::text, 19, '0'), 'processStep', e.id::text,
            NULL::uuid, e.instance_id, e.element_id
       FROM instance_events e
      WHERE e.client_id = $1
        AND e.type = ANY($5::text[])
        AND ($2::timestamptz IS NULL
             OR (e.created_at, 'processStep:' || lpad(e.id::text, 19, '0')) < ($2, $3::text))
      ORDER BY 1 DESC, 2 DESC
      LIMIT $4)
  )
  SELECT to_json(page.at) #>> '{}' AS at, page.key, page.type, page.ref,
         u.id AS user_id, u.name AS user_name,
         page.instance_id, page.element_id, definition.key AS definition_key,
         definition.model -> 'nodes' -> page.element_id ->> 'name' AS element_name
    FROM (SELECT * FROM entries ORDER BY at DESC, key DESC LIMIT $4) page
    LEFT JOIN users u ON u.id = page.user_id AND page.instance_id IS NULL
    LEFT JOIN process_instances instance ON instance.id = page.instance_id
    LEFT JOIN process_definitions definition ON definition.id = instance.definition_id
   ORDER BY page.at DESC, page.key DESC`;

const DEFAULT_TIMELINE_LIMIT = 50;
/** The card lists at most this many contacts, deals, open tasks and instances; lists page on. */
const CARD_LIST_LIMIT = 100;

/**
 * The client card. Whoever may read the client sees its whole card: its activities, deals and
 * process work are part of the client's history, whoever owns or is assigned to them. Contacts
 * are clients of their own and are shown as far as the caller may read them.
 */
@Injectable()
export class ClientCardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
  ) {}

  async card(id: string, page: { cursor?: string; limit?: number }, caller: AuthUser) {
    const client = await this.clients.find(id, caller);
    const [profile, contacts, deals, openTasks, processInstances, timeline] = await Promise.all([
      this.clients.withOwner(client),
      this.contacts(client, caller),
      this.deals(id),
      this.openTasks(id),
      this.processInstances(id),
      this.readTimeline(id, page),
    ]);
    return {
      client: profile,
      contacts,
      deals,
      openTasks,
      processInstances,
      timeline: timeline.items,
      timelineNextCursor: timeline.nextCursor,
    };
  }

  async timeline(
    id: string,
    page: { cursor?: string; limit?: number },
    caller: AuthUser,
  ): Promise<Page<TimelineEntry>> {
    await this.clients.find(id, caller);
    return this.readTimeline(id, page);
  }

  private async readTimeline(
    clientId: string,
    page: { cursor?: string; limit?: number },
  ): Promise<Page<TimelineEntry>> {
    const limit = page.limit ?? DEFAULT_TIMELINE_LIMIT;
    const [cursorAt, cursorKey] = page.cursor ? decodeTimelineCursor(page.cursor) : [null, null];
    const rows: TimelineRow[] = await this.dataSource.query(TIMELINE_SQL, [
      clientId,
      cursorAt,
      cursorKey,
      limit + 1,
      TIMELINE_STEP_EVENT_TYPES,
    ]);
    const pageRows = rows.slice(0, limit);
    const details = await this.details(pageRows);
    const items = pageRows.map((row) => toEntry(row, details));
    const last = pageRows.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.key) : null,
    };
  }

  /** The full records behind a page of entries, by primary key. */
  private async details(rows: TimelineRow[]) {
    const refs = (type: TimelineEntry['type']) =>
      rows.filter((row) => row.type === type).map((row) => row.ref);
    const manager = this.dataSource.manager;
    const [activityIds, statusIds, dealIds, stepIds] = [
      refs('activity'),
      refs('statusChange'),
      refs('dealStageChange'),
      refs('processStep'),
    ];
    const [activities, statusChanges, dealChanges, steps] = await Promise.all([
      activityIds.length ? manager.findBy(Activity, { id: In(activityIds) }) : [],
      statusIds.length ? manager.findBy(ClientStatusChange, { id: In(statusIds) }) : [],
      dealIds.length
        ? (manager.query(
            `SELECT s.id, s.deal_id AS "dealId", d.title AS "dealTitle",
                    s.from_stage_id AS "fromStageId", from_stage.name AS "fromStageName",
                    s.to_stage_id AS "toStageId", to_stage.name AS "toStageName",
                    s.changed_at AS "changedAt", s.changed_by_id AS "changedById"
               FROM deal_stage_changes s
               JOIN deals d ON d.id = s.deal_id
               LEFT JOIN pipeline_stages from_stage ON from_stage.id = s.from_stage_id
               JOIN pipeline_stages to_stage ON to_stage.id = s.to_stage_id
              WHERE s.id = ANY($1::uuid[])`,
            [dealIds],
          ) as Promise<DealStageChangeView[]>)
        : [],
      stepIds.length ? manager.findBy(InstanceEvent, { id: In(stepIds) }) : [],
    ]);
    const byId = <T extends { id: string }>(records: T[]) =>
      new Map(records.map((record) => [String(record.id), record]));
    return {
      activity: byId(activities),
      statusChange: byId(statusChanges),
      dealStageChange: byId(dealChanges),
      processStep: byId(steps),
    };
  }

  private async contacts(client: Client, caller: AuthUser): Promise<Client[]> {
    const filter =
      client.kind === 'company'
        ? { where: 'client.company_id = :id', id: client.id }
        : client.companyId
          ? { where: 'client.id = :id', id: client.companyId }
          : null;
    if (!filter) return [];
    const query = await this.clients.filteredQuery({}, caller);
    return query
      .andWhere(filter.where, { id: filter.id })
      .orderBy('client.name', 'ASC')
      .addOrderBy('client.id', 'ASC')
      .take(CARD_LIST_LIMIT)
      .getMany();
  }

  private async deals(clientId: string) {
    const { entities, raw } = await this.dataSource.manager
      .createQueryBuilder(Deal, 'deal')
      .leftJoin(PipelineStage, 'stage', 'stage.id = deal.stage_id')
      .addSelect('stage.name', 'stage_name')
      .where('deal.client_id = :clientId', { clientId })
      .orderBy('deal.created_at', 'DESC')
      .addOrderBy('deal.id', 'DESC')
      .limit(CARD_LIST_LIMIT)
      .getRawAndEntities<{ stage_name: string | null }>();
    return entities.map((deal, index) => ({ ...deal, stageName: raw[index]?.stage_name ?? null }));
  }

  /** Open tasks of the card: task activities and process user tasks, soonest due first. */
  private async openTasks(clientId: string): Promise<OpenTask[]> {
    const manager = this.dataSource.manager;
    const [activities, userTasks] = await Promise.all([
      manager.find(Activity, {
        where: { clientId, kind: 'task', status: 'open' },
        order: { dueAt: 'ASC', createdAt: 'ASC' },
        take: CARD_LIST_LIMIT,
      }),
      manager.find(UserTask, {
        where: { clientId, status: 'open' },
        order: { dueAt: 'ASC', createdAt: 'ASC' },
        take: CARD_LIST_LIMIT,
      }),
    ]);
    const tasks: OpenTask[] = [
      ...activities.map((activity) => ({
        type: 'activity' as const,
        dueAt: activity.dueAt,
        activity,
      })),
      ...userTasks.map((task) => ({ type: 'processTask' as const, dueAt: task.dueAt, task })),
    ];
    const due = (task: OpenTask) => task.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
    return tasks.sort((a, b) => due(a) - due(b));
  }

  private async processInstances(clientId: string) {
    // limit, not take: the join never multiplies rows, and take would cost a second query.
    const instances = await joinDefinitionSummary(
      this.dataSource.manager.createQueryBuilder(ProcessInstance, 'instance'),
      'instance',
    )
      .where('instance.client_id = :clientId', { clientId })
      .orderBy('instance.started_at', 'DESC')
      .addOrderBy('instance.id', 'DESC')
      .limit(CARD_LIST_LIMIT)
      .getMany();
    return instances.map(({ definition, ...instance }) => ({
      ...instance,
      definition: definitionSummary(definition),
    }));
  }
}

function toEntry(
  row: TimelineRow,
  details: Awaited<ReturnType<ClientCardService['details']>>,
): TimelineEntry {
  const base: TimelineBase = { id: row.key, at: new Date(row.at), actor: actorOf(row) };
  switch (row.type) {
    case 'activity':
      return { ...base, type: 'activity', activity: details.activity.get(row.ref)! };
    case 'statusChange':
      return { ...base, type: 'statusChange', change: details.statusChange.get(row.ref)! };
    case 'dealStageChange':
      return { ...base, type: 'dealStageChange', change: details.dealStageChange.get(row.ref)! };
    case 'processStep':
      return { ...base, type: 'processStep', step: details.processStep.get(row.ref)! };
  }
}

function actorOf(row: TimelineRow): TimelineActor | null {
  if (row.instance_id) {
    return {
      type: 'process',
      instanceId: row.instance_id,
      definitionKey: row.definition_key ?? '',
      elementId: row.element_id,
      elementName: row.element_name,
    };
  }
  if (row.user_id) return { type: 'user', id: row.user_id, name: row.user_name ?? '' };
  return null;
}

function decodeTimelineCursor(cursor: string): [string, string] {
  const [at, key] = decodeCursor(cursor);
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) {
    throw commonError('INVALID_CURSOR', 'The cursor is not one this API gave out');
  }
  return [at, key];
}
