import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AccessPolicy } from '../common/access/access-policy.service';
import { SearchResult } from './search.dto';
import { ParsedSearch, parseSearch, titleScoreSql } from './search-query';
import { searchTasks } from './task-search';

const DEFAULT_LIMIT = 20;

/** How many candidates each way of matching hands to the ranking, at most. */
const CANDIDATES = 200;

/** Positional SQL parameters, each written with its type so Postgres never has to guess. */
class Params {
  readonly values: unknown[] = [];

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** The parts of a query both searches share. */
interface Shared {
  params: Params;
  text: string;
  tsQuery: string;
  similar: string;
  prefix: string;
  limit: string;
  /** `= ANY(readable owners)`, or null when the caller reads everything. */
  owners: string | null;
}

/*
 * Both searches gather candidates through indexes only (migration 1763940000000): full-text
 * prefix matches, exact emails and phone numbers, and, only when those are too few for a page
 * (a typo, most likely), trigram word similarity. Only those candidates are ranked: 2 for an exact match, 0.5
 * for a name that starts with the query, the full-text rank, the word similarity to all the
 * searchable text and the whole-word similarity to the name or title (so a company ranks above
 * the contacts whose email carries its name, and clients and deals score alike).
 */
function clientsSql(parsed: ParsedSearch, shared: Shared): string {
  const { params, text, tsQuery, similar, prefix, limit } = shared;
  const owned = shared.owners ? `AND c.owner_id ${shared.owners}` : '';
  // A contact's company is named only when the caller may read it too.
  const companyOwned = shared.owners ? `AND company.owner_id ${shared.owners}` : '';
  const exactKeys = [
    parsed.email && `flowcard_lower_emails(c.emails) @> ARRAY[${text}]`,
    parsed.phoneDigits &&
      `flowcard_phone_digits(c.phones) @> ARRAY[${params.add(parsed.phoneDigits, 'text')}]`,
  ].filter(Boolean);
  // A whole email or phone number that exists is what the caller wants: no similar ones then.
  const exact = exactKeys.length
    ? `SELECT c.id FROM clients c
        WHERE c.deleted_at IS NULL AND (${exactKeys.join(' OR ')}) ${owned}
        LIMIT ${CANDIDATES}`
    : 'SELECT NULL::uuid AS id WHERE false';
  const similarWords = parsed.fuzzy
    ? `UNION
       (SELECT c.id FROM clients c
         WHERE c.deleted_at IS NULL AND ${similar} <% c.search_text ${owned}
           AND (SELECT count(*) FROM found) < ${limit} AND NOT EXISTS (SELECT FROM exact)
         ORDER BY word_similarity(${similar}, c.search_text) DESC
         LIMIT ${CANDIDATES})`
    : '';
  return `
    WITH exact AS (${exact}),
    found AS (
      (SELECT c.id FROM clients c
        WHERE c.deleted_at IS NULL AND c.search_vector @@ ${tsQuery} ${owned}
        ORDER BY lower(c.name) LIKE ${prefix} DESC, ts_rank(c.search_vector, ${tsQuery}) DESC
        LIMIT ${CANDIDATES})
      UNION SELECT id FROM exact),
    candidates AS (SELECT id FROM found ${similarWords})
    SELECT c.id, c.kind, c.name, c.status, c.emails, c.phones, company.name AS company_name,
           CASE WHEN lower(c.name) = ${text} ${exactKeys.map((key) => `OR ${key}`).join(' ')}
                THEN 2 ELSE 0 END
           + CASE WHEN lower(c.name) LIKE ${prefix} THEN 0.5 ELSE 0 END
           + word_similarity(${similar}, c.search_text)
           + strict_word_similarity(${similar}, lower(c.name))
           + ts_rank(c.search_vector, ${tsQuery}) AS score
      FROM candidates
      JOIN clients c ON c.id = candidates.id
      LEFT JOIN clients company
             ON company.id = c.company_id AND company.deleted_at IS NULL ${companyOwned}
     ORDER BY score DESC, c.name, c.id
     LIMIT ${limit}`;
}

function dealsSql(parsed: ParsedSearch, shared: Shared): string {
  const { text, tsQuery, similar, prefix, limit } = shared;
  const owned = shared.owners ? `AND d.owner_id ${shared.owners}` : '';
  const titleVector = `to_tsvector('simple'::regconfig, d.title)`;
  const similarWords = parsed.fuzzy
    ? `UNION
       (SELECT d.id FROM deals d
         WHERE ${similar} <% lower(d.title) ${owned}
           AND (SELECT count(*) FROM found) < ${limit}
         ORDER BY word_similarity(${similar}, lower(d.title)) DESC
         LIMIT ${CANDIDATES})`
    : '';
  return `
    WITH found AS (
      SELECT d.id FROM deals d
       WHERE ${titleVector} @@ ${tsQuery} ${owned}
       ORDER BY lower(d.title) LIKE ${prefix} DESC, ts_rank(${titleVector}, ${tsQuery}) DESC
       LIMIT ${CANDIDATES}),
    candidates AS (SELECT id FROM found ${similarWords})
    SELECT d.id, d.title, d.amount, d.currency, d.status, c.name AS client_name,
           ${titleScoreSql('lower(d.title)', titleVector, { text, prefix, similar, tsQuery })} AS score
      FROM candidates
      JOIN deals d ON d.id = candidates.id
      JOIN clients c ON c.id = d.client_id AND c.deleted_at IS NULL
     ORDER BY score DESC, d.title, d.id
     LIMIT ${limit}`;
}

interface ClientRow {
  id: string;
  kind: 'company' | 'person';
  name: string;
  status: string;
  emails: string[];
  phones: string[];
  company_name: string | null;
  score: string;
}

interface DealRow {
  id: string;
  title: string;
  amount: string;
  currency: string;
  status: string;
  client_name: string;
  score: string;
}

/** One ranked, typo-tolerant search over clients, contacts, deals and open tasks the caller may read. */
@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  async search(
    query: string,
    limit: number | undefined,
    caller: AuthUser,
  ): Promise<{ items: SearchResult[] }> {
    const parsed = parseSearch(query);
    if (!parsed.tsQuery) return { items: [] };
    const take = limit ?? DEFAULT_LIMIT;
    const owners = await this.access.readableOwners(caller);
    const shared = (): Shared => {
      const params = new Params();
      return {
        params,
        text: params.add(parsed.text, 'text'),
        tsQuery: `to_tsquery('simple'::regconfig, ${params.add(parsed.tsQuery, 'text')})`,
        similar: params.add(parsed.similarityText, 'text'),
        prefix: params.add(parsed.prefixPattern, 'text'),
        limit: params.add(take, 'int'),
        owners: owners === 'all' ? null : `= ANY(${params.add(owners, 'uuid[]')})`,
      };
    };
    const forClients = shared();
    const clientsQuery = clientsSql(parsed, forClients);
    const forDeals = shared();
    const dealsQuery = dealsSql(parsed, forDeals);
    const tsQuery = parsed.tsQuery;
    const [clients, deals, tasks] = await this.dataSource.transaction(async (manager) => {
      // Local to this transaction: the pooled connection keeps pg_trgm's default afterwards.
      await manager.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [
        String(parsed.similarityThreshold),
      ]);
      const clientRows: ClientRow[] = await manager.query(clientsQuery, forClients.params.values);
      const dealRows: DealRow[] = await manager.query(dealsQuery, forDeals.params.values);
      const taskResults = await searchTasks(
        manager,
        this.access,
        { ...parsed, tsQuery },
        take,
        caller,
      );
      return [clientRows, dealRows, taskResults] as const;
    });
    const items = [...clients.map(clientResult), ...deals.map(dealResult), ...tasks]
      .sort((a, b) => b.score - a.score)
      .slice(0, take);
    return { items };
  }
}

function clientResult(row: ClientRow): SearchResult {
  const reach = row.emails[0] ?? row.phones[0];
  const isContact = row.kind === 'person' && row.company_name !== null;
  return {
    type: isContact ? 'contact' : 'client',
    id: row.id,
    title: row.name,
    subtitle: (isContact
      ? [row.company_name, reach]
      : [row.kind === 'company' ? 'Company' : 'Person', row.status, reach]
    )
      .filter(Boolean)
      .join(' · '),
    score: rounded(row.score),
  };
}

function dealResult(row: DealRow): SearchResult {
  return {
    type: 'deal',
    id: row.id,
    title: row.title,
    subtitle: [row.client_name, `${row.amount} ${row.currency}`, row.status].join(' · '),
    score: rounded(row.score),
  };
}

function rounded(score: string): number {
  return Math.round(Number(score) * 1000) / 1000;
}
