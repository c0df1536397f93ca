import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Client as PgClient } from 'pg';
import { FLOWCARD_CONFIG, FlowcardConfig } from '../common/config';

/**
 * Asks Postgres `SELECT 1` over a connection of its own, outside the pool: /health says whether
 * the database answers, and stays OK while a burst of requests has every pooled connection busy.
 */
@Injectable()
export class PostgresProbe implements OnApplicationShutdown {
  private connection: Promise<PgClient> | null = null;

  constructor(@Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig) {}

  async check(): Promise<void> {
    this.connection ??= this.connect();
    const connection = this.connection;
    try {
      await (await connection).query('SELECT 1');
    } catch (error) {
      // A lost or refused connection is opened again on the next check.
      if (this.connection === connection) this.connection = null;
      await connection.then((client) => client.end()).catch(() => undefined);
      throw error;
    }
  }

  async onApplicationShutdown() {
    await this.connection?.then((client) => client.end()).catch(() => undefined);
  }

  private async connect(): Promise<PgClient> {
    const client = new PgClient({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: 3000,
      statement_timeout: 3000,
    });
    client.on('error', () => {
      this.connection = null;
    });
    await client.connect();
    return client;
  }
}
