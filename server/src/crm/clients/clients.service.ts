import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuthUser } from '../../auth/auth-user';
import { notFound } from '../../common/api-error';
import { Activity } from '../activities/activity.entity';
import { ProcessInstance } from '../../processes/instances/process-instance.entity';
import { InstanceEvent } from '../../processes/instances/instance-event.entity';
import { UserTask } from '../../processes/tasks/user-task.entity';
import { Client } from './client.entity';
import { ClientStatusChange } from './client-status-change.entity';
import { CreateClientDto, ListClientsQuery } from './client.dto';

export type TimelineEntry =
  | { type: 'activity'; at: Date; activity: Activity }
  | { type: 'statusChange'; at: Date; change: ClientStatusChange }
  | { type: 'processStep'; at: Date; event: InstanceEvent };

@Injectable()
export class ClientsService {
  constructor(
    @InjectRepository(Client) private readonly clients: Repository<Client>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async create(dto: CreateClientDto, caller: AuthUser): Promise<Client> {
    return this.dataSource.transaction(async (manager) => {
      const client = await manager.save(
        manager.create(Client, {
          kind: dto.kind,
          name: dto.name,
          status: dto.status ?? 'lead',
          ownerId: dto.ownerId ?? caller.id,
        }),
      );
      await manager.insert(ClientStatusChange, {
        clientId: client.id,
        fromStatus: null,
        toStatus: client.status,
        changedById: caller.id,
      });
      return client;
    });
  }

  list(query: ListClientsQuery): Promise<Client[]> {
    return this.clients.find({
      where: query.status ? { status: query.status } : {},
      order: { name: 'ASC' },
      take: 500,
    });
  }

  async get(id: string): Promise<Client> {
    const client = await this.clients.findOneBy({ id });
    if (!client) throw notFound('Client', id);
    return client;
  }

  /** The client card: profile, open work, its process instances and one timeline, newest first. */
  async card(id: string) {
    const client = await this.get(id);
    const manager = this.dataSource.manager;
    const [activities, statusChanges, instances, openTasks] = await Promise.all([
      manager.find(Activity, { where: { clientId: id }, order: { createdAt: 'DESC' } }),
      manager.find(ClientStatusChange, { where: { clientId: id }, order: { changedAt: 'DESC' } }),
      manager.find(ProcessInstance, {
        where: { clientId: id },
        relations: { definition: true },
        order: { startedAt: 'DESC' },
      }),
      manager.find(UserTask, {
        where: { clientId: id, status: 'open' },
        order: { createdAt: 'ASC' },
      }),
    ]);
    const steps = instances.length
      ? await manager
          .createQueryBuilder(InstanceEvent, 'event')
          .where('event.instance_id IN (:...ids)', { ids: instances.map((i) => i.id) })
          .andWhere("event.type = 'element.completed'")
          .orderBy('event.id', 'DESC')
          .getMany()
      : [];
    const timeline: TimelineEntry[] = [
      ...activities.map((activity) => ({
        type: 'activity' as const,
        at: activity.createdAt,
        activity,
      })),
      ...statusChanges.map((change) => ({
        type: 'statusChange' as const,
        at: change.changedAt,
        change,
      })),
      ...steps.map((event) => ({ type: 'processStep' as const, at: event.createdAt, event })),
    ].sort((a, b) => b.at.getTime() - a.at.getTime());
    return {
      client,
      openTasks,
      processInstances: instances.map(({ definition, ...instance }) => ({
        ...instance,
        definition: definition && {
          id: definition.id,
          key: definition.key,
          name: definition.name,
          version: definition.version,
        },
      })),
      timeline,
    };
  }
}
