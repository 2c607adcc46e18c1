// LISTEN on a connection of its own: how one node hears that another stored a new reader list version.
// A dropped connection is opened again after a second; meanwhile the publishers' one-second tick covers.
import pg from 'pg';

export class ListVersionListener {
  private client: pg.Client | null = null;
  private readonly listeners = new Set<(version: number) => void>();
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly connectionString: string) {}

  /** Adds a listener, connecting on the first; returns the function that removes it. */
  async add(listener: (version: number) => void): Promise<() => Promise<void>> {
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
      const version = Number(message.payload);
      for (const listener of this.listeners) listener(version);
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
