import { hash } from 'bcryptjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { compileBpmn } from '#workflows/bpmn/compiler';
import { repoRoot } from '../common/repo-root';
import { createClients, NewClient } from '../crm/clients/client-operations';
import { contentHash } from '../processes/definitions/content-hash';
import { ProcessDefinition } from '../processes/definitions/process-definition.entity';
import { seedIntegrations } from '../integrations/seed-integrations';
import { Team } from '../teams/team.entity';
import { Role, User } from '../users/user.entity';

export const DEMO_PASSWORD = 'demo';

/** Two teams: North (Mia, Noah; overseen by Sam) and South (Sara). */
export const DEMO_TEAMS = ['North', 'South'] as const;

export const DEMO_USERS: {
  email: string;
  name: string;
  roles: Role[];
  team?: (typeof DEMO_TEAMS)[number];
  supervises?: (typeof DEMO_TEAMS)[number][];
}[] = [
  { email: 'admin@demo.local', name: 'Ada Admin', roles: ['admin'] },
  { email: 'analyst@demo.local', name: 'Alan Analyst', roles: ['analyst'] },
  { email: 'manager@demo.local', name: 'Mia Manager', roles: ['manager'], team: 'North' },
  { email: 'noah@demo.local', name: 'Noah North', roles: ['manager'], team: 'North' },
  { email: 'sara@demo.local', name: 'Sara South', roles: ['manager'], team: 'South' },
  {
    email: 'supervisor@demo.local',
    name: 'Sam Supervisor',
    roles: ['supervisor'],
    supervises: ['North'],
  },
];

const DEMO_CLIENTS: Pick<NewClient, 'kind' | 'name'>[] = [
  { kind: 'company', name: 'Northwind Traders' },
  { kind: 'company', name: 'Blue Harbor Logistics' },
  { kind: 'person', name: 'Olivia Stone' },
  { kind: 'person', name: 'Marek Novak' },
];

export const DEMO_PROCESS_FILES = ['application-handling.bpmn'];

export function demoProcessXml(file: string): string {
  return readFileSync(join(repoRoot(), 'workflows/bpmn/fixtures', file), 'utf8');
}

/** Seeds demo users, clients and the demo process once; a second run changes nothing. */
export async function seedDemoData(dataSource: DataSource): Promise<{ seeded: boolean }> {
  return dataSource.transaction(async (manager) => {
    // Before the early return, so databases seeded before integrations existed get them too.
    await seedIntegrations(manager);
    if (await manager.existsBy(User, { email: DEMO_USERS[0].email })) return { seeded: false };
    const passwordHash = await hash(DEMO_PASSWORD, 10);
    const teams = new Map(
      (await manager.save(DEMO_TEAMS.map((name) => manager.create(Team, { name })))).map((team) => [
        team.name,
        team,
      ]),
    );
    const users = await manager.save(
      DEMO_USERS.map(({ email, name, roles, team }) =>
        manager.create(User, {
          email,
          name,
          roles,
          passwordHash,
          teamId: team ? teams.get(team)!.id : null,
        }),
      ),
    );
    for (const { email, supervises = [] } of DEMO_USERS) {
      const supervisor = users.find((user) => user.email === email)!;
      for (const team of supervises) {
        await manager
          .createQueryBuilder()
          .relation(Team, 'supervisors')
          .of(teams.get(team)!)
          .add(supervisor);
      }
    }
    const byEmail = new Map(users.map((user) => [user.email, user]));
    const owner = byEmail.get('manager@demo.local')!;
    // Created as the manager who owns them, through the same operation as the API's.
    await createClients(
      manager,
      { userId: owner.id },
      DEMO_CLIENTS.map((client) => ({ ...client, ownerId: owner.id })),
    );
    const analyst = byEmail.get('analyst@demo.local')!;
    for (const file of DEMO_PROCESS_FILES) {
      const xml = demoProcessXml(file);
      const compiled = await compileBpmn(xml);
      if (!compiled.ok)
        throw new Error(
          `demo process ${file} does not compile: ${JSON.stringify(compiled.errors)}`,
        );
      await manager.save(
        manager.create(ProcessDefinition, {
          key: compiled.model.processId,
          name: compiled.model.name,
          version: 1,
          bpmnXml: xml,
          model: compiled.model,
          contentHash: contentHash(xml),
          deployedById: analyst.id,
        }),
      );
    }
    return { seeded: true };
  });
}
