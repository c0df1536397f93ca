import { DataSource, DataSourceOptions } from 'typeorm';
import { InitialSchema1763900000000 } from '../../../migrations/1763900000000-InitialSchema';
import { Activity } from '../crm/activities/activity.entity';
import { Client } from '../crm/clients/client.entity';
import { ClientStatusChange } from '../crm/clients/client-status-change.entity';
import { ProcessDefinition } from '../processes/definitions/process-definition.entity';
import { InstanceEvent } from '../processes/instances/instance-event.entity';
import { ProcessInstance } from '../processes/instances/process-instance.entity';
import { UserTask } from '../processes/tasks/user-task.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [
  User,
  Client,
  ClientStatusChange,
  Activity,
  ProcessDefinition,
  ProcessInstance,
  InstanceEvent,
  UserTask,
];

/** Listed explicitly (not globbed) so the same list works from sources, jest and dist. */
export const MIGRATIONS = [InitialSchema1763900000000];

/** One definition of the connection for the API, the worker, migrations and tests. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    extra: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) },
  };
}

export async function runMigrations(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
