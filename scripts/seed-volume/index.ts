/**
 * A realistic volume of CRM data for trying Flowcard at scale (`npm run seed`, see main.ts) and
 * for `npm run bench:crm`: companies and their contacts, people on their own, emails, phones,
 * tags, owners spread over the demo managers, deals in the default pipeline, a year of calls,
 * meetings, tasks and notes, and the status changes of each client.
 *
 * The data follows from the seed and the day it runs; the same seed again changes nothing
 * (another seed adds more). Made up in chunks by generators.ts, written by insertion.ts, the
 * whole run in one transaction.
 */
import { DataSource, EntityManager } from 'typeorm';
import { addDeal, Company, companyClient, DAY_MS, personClient, Rows, Stage } from './generators';
import { insertChunk } from './insertion';
import { Random } from './random';

export { Random };

export interface VolumeSeedOptions {
  clients: number;
  /** Another seed gives other data (and other ids), so it can be added beside the first. */
  seed?: number;
  log?: (line: string) => void;
}

export interface VolumeSeedCounts {
  companies: number;
  people: number;
  contacts: number;
  deals: number;
  activities: number;
  statusChanges: number;
}

/** Owners of the seeded records, with their share: the demo managers of North and South. */
const OWNERS: [email: string, weight: number][] = [
  ['manager@demo.local', 35],
  ['noah@demo.local', 30],
  ['sara@demo.local', 35],
];

const COMPANY_SHARE = 0.3;
/** People who work for one of the seeded companies; the others are clients on their own. */
const CONTACT_SHARE = 0.75;
const CLIENTS_PER_CHUNK = 2000;

/** Seeds `clients` clients with everything around them; null when this seed was already run. */
export async function seedVolume(
  dataSource: DataSource,
  options: VolumeSeedOptions,
): Promise<VolumeSeedCounts | null> {
  const seed = options.seed ?? 1;
  const log = options.log ?? (() => undefined);
  const ids = new Random(seed ^ 0x5eed1d5);
  const random = new Random(seed);
  const firstId = new Random(seed ^ 0x5eed1d5).uuid();
  // Everything is relative to the start of today, so a run is reproducible within the day.
  const now = Math.floor(Date.now() / DAY_MS) * DAY_MS;

  return dataSource.transaction(async (manager) => {
    if ((await manager.query(`SELECT 1 FROM clients WHERE id = $1`, [firstId])).length) {
      log(`Seed ${seed} is already in this database; pass another --seed to add more.`);
      return null;
    }
    const owners = await ownerIds(manager);
    const { pipelineId, stages } = await defaultPipeline(manager);
    const counts: VolumeSeedCounts = {
      companies: 0,
      people: 0,
      contacts: 0,
      deals: 0,
      activities: 0,
      statusChanges: 0,
    };
    const companyCount = Math.max(1, Math.round(options.clients * COMPANY_SHARE));
    const companies: Company[] = [];
    let done = 0;
    while (done < options.clients) {
      const size = Math.min(CLIENTS_PER_CHUNK, options.clients - done);
      const rows: Rows = {
        clients: [],
        statusChanges: [],
        deals: [],
        stageChanges: [],
        activities: [],
      };
      for (let index = done; index < done + size; index++) {
        const ownerId = random.weighted(owners);
        if (index < companyCount) {
          const company = companyClient(random, ids, ownerId, now, rows);
          companies.push(company);
          counts.companies++;
          const dealCount = random.weighted([
            [0, 35],
            [1, 35],
            [2, 20],
            [3, 10],
          ] as const);
          for (let deal = 0; deal < dealCount; deal++) {
            addDeal(random, ids, company.id, company.name, ownerId, pipelineId, stages, now, rows);
          }
        } else {
          const company = random.chance(CONTACT_SHARE) ? random.pick(companies) : null;
          const person = personClient(random, ids, company, company?.ownerId ?? ownerId, now, rows);
          counts.people++;
          if (company) counts.contacts++;
          else if (random.chance(0.2)) {
            addDeal(
              random,
              ids,
              person.id,
              person.name,
              person.ownerId,
              pipelineId,
              stages,
              now,
              rows,
            );
          }
        }
      }
      await insertChunk(manager, rows);
      counts.deals += rows.deals.length;
      counts.activities += rows.activities.length;
      counts.statusChanges += rows.statusChanges.length;
      done += size;
      log(`  ${done} / ${options.clients} clients`);
    }
    return counts;
  });
}

async function ownerIds(manager: EntityManager): Promise<[string, number][]> {
  const rows: { id: string; email: string }[] = await manager.query(
    `SELECT id, email FROM users WHERE email = ANY($1)`,
    [OWNERS.map(([email]) => email)],
  );
  return OWNERS.map(([email, weight]) => {
    const user = rows.find((row) => row.email === email);
    if (!user) throw new Error(`${email} is missing: seed the demo data first`);
    return [user.id, weight];
  });
}

/** The default pipeline; made here only for a database that has none. */
async function defaultPipeline(
  manager: EntityManager,
): Promise<{ pipelineId: string; stages: [Stage, number][] }> {
  let [pipeline] = await manager.query(`SELECT id FROM pipelines WHERE is_default`);
  if (!pipeline) {
    [pipeline] = await manager.query(
      `INSERT INTO pipelines (name, is_default) VALUES ('Sales', true) RETURNING id`,
    );
    await manager.query(
      `INSERT INTO pipeline_stages (pipeline_id, name, position, probability, kind)
       SELECT $1, stage.name, stage.position, stage.probability, stage.kind
         FROM (VALUES ('Qualification', 1, 10, 'open'), ('Proposal', 2, 40, 'open'),
                      ('Negotiation', 3, 70, 'open'), ('Won', 4, 100, 'won'),
                      ('Lost', 5, 0, 'lost')) AS stage (name, position, probability, kind)`,
      [pipeline.id],
    );
  }
  const stages: Stage[] = await manager.query(
    `SELECT id, kind FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position`,
    [pipeline.id],
  );
  const open = stages.filter((stage) => stage.kind === 'open').length || 1;
  // Most deals are still open; a quarter won, some lost.
  const weights = { open: 60 / open, won: 25, lost: 15 };
  return { pipelineId: pipeline.id, stages: stages.map((stage) => [stage, weights[stage.kind]]) };
}
