// LISTEN on a connection of its own: how one node hears that another stored a new reader list version,
// revoked a reader, or announced a ticket event. A dropped connection is opened again after a second;
// meanwhile the publishers' one-second tick covers new versions, and the check of credentials at each
// heartbeat revocations (a ticket event lost then is made good by the pages' reload on reconnecting).
import pg from 'pg';
import type { ListWatcher } from '../store.ts';

export class ListVersionListener {
  private client: pg.Client | null = null;
  private readonly listeners = new Set<ListWatcher>();
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly connectionString: string) {}

  /** Adds a listener, connecting on the first; returns the function that removes it. */
  async add(listener: ListWatcher): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    if (!this.client) await this.connect();
    return async () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) await this.close();
    };
  }

  private async connect(): Promise<void> {
    this.closed = false;
    const client = new pg.Client({ connectionString: this.connectionString });
    this.client = client;
    client.on('notification', (message) => {
      // The payload is a list version, `revoked:<terminal id>` or `ticket:<event>`.
      const payload = message.payload ?? '';
      for (const listener of this.listeners) {
        if (payload.startsWith('revoked:')) listener.onReaderRevoked?.(payload.slice('revoked:'.length));
        else if (payload.startsWith('ticket:')) listener.onTicket?.(payload.slice('ticket:'.length));
        else listener.onVersion(Number(payload));
      }
    });
    client.on('error', () => this.reconnectLater(client));
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query('LISTEN ykt_list');
    } catch {
      this.reconnectLater(client);
    }
  }

  private reconnectLater(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (!this.closed && this.listeners.size > 0) void this.connect();
    }, 1000);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}
