import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client as PgClient } from 'pg';
import { FLOWCARD_CONFIG, FlowcardConfig } from '../common/config';
import { connectionTimeouts } from '../database/data-source';
import { INSTANCE_EVENTS_CHANNEL } from '../processes/instances/instance-event.entity';
import { LIVE_EVENT_COLUMNS, LIVE_EVENT_FROM, LiveEvent, toLiveEvent } from './live-event';

type Listener = (event: LiveEvent) => void;

/**
 * Relays committed instance events from Postgres to this API process.
 * Whoever wrote them (this process or a worker on another machine) sends NOTIFY in the
 * writing transaction; the relay then reads every event after the last one it saw.
 */
@Injectable()
export class EventRelay implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EventRelay.name);
  private readonly listeners = new Set<Listener>();
  private connection: PgClient | null = null;
  private lastId = '0';
  private reading: Promise<void> = Promise.resolve();
  private readAgain = false;
  private stopped = false;

  constructor(@Inject(FLOWCARD_CONFIG) private readonly config: FlowcardConfig) {}

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onModuleInit() {
    await this.connect();
  }

  async onApplicationShutdown() {
    this.stopped = true;
    await this.reading;
    await this.connection?.end().catch(() => undefined);
  }

  private async connect() {
    const connection = new PgClient({
      connectionString: this.config.databaseUrl,
      ...connectionTimeouts(),
    });
    connection.on('notification', () => this.scheduleRead());
    connection.on('error', (error) => {
      this.logger.warn(`event listener connection lost: ${error.message}; reconnecting`);
      this.connection = null;
      setTimeout(() => this.reconnect(), 1000);
    });
    await connection.connect();
    await connection.query(`LISTEN ${INSTANCE_EVENTS_CHANNEL}`);
    if (this.lastId === '0') {
      const { rows } = await connection.query(
        'SELECT coalesce(max(id), 0)::text AS id FROM instance_events',
      );
      this.lastId = rows[0].id;
    }
    this.connection = connection;
    // Whatever was committed while we were not listening.
    this.scheduleRead();
  }

  private reconnect() {
    if (this.stopped) return;
    this.connect().catch((error) => {
      this.logger.warn(`reconnect failed: ${error.message}`);
      setTimeout(() => this.reconnect(), 2000);
    });
  }

  /** Coalesces bursts of notifications into sequential reads. */
  private scheduleRead() {
    if (this.readAgain) return;
    this.readAgain = true;
    this.reading = this.reading.then(async () => {
      this.readAgain = false;
      await this.readNewEvents().catch((error) =>
        this.logger.warn(`reading events failed: ${error.message}`),
      );
    });
  }

  private async readNewEvents() {
    const connection = this.connection;
    if (!connection || this.stopped) return;
    for (;;) {
      const { rows } = await connection.query(
        `SELECT ${LIVE_EVENT_COLUMNS} FROM ${LIVE_EVENT_FROM} WHERE e.id > $1 ORDER BY e.id LIMIT 500`,
        [this.lastId],
      );
      for (const row of rows) {
        const event = toLiveEvent(row);
        this.lastId = event.id;
        for (const listener of this.listeners) listener(event);
      }
      if (rows.length < 500) return;
    }
  }
}
