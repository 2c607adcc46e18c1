// The live conversation on a ticket (在线客服): who is watching it, who is typing, and that a message arrived.
// Nothing here is stored: events carry no message text and no personal data (the pages fetch the thread
// again, with their own credentials), and cross nodes through the store's announcements (PostgreSQL NOTIFY;
// on SQLite this process is the only node and delivers them itself).
import type { Context } from '../context.ts';

export type TicketEvent =
  | { ticket: number; kind: 'message'; from: 'holder' | 'agent' }
  | { ticket: number; kind: 'typing'; from: 'holder' | 'agent'; name?: string }
  /** A holder's open stream, announced when it opens, at each heartbeat and when it closes. */
  | { ticket: number; kind: 'presence'; online: boolean };

export type TicketListener = (event: TicketEvent) => void;

/** How long a holder's stream seen on another node counts as open without a heartbeat (two heartbeats). */
export const PRESENCE_MS = 40_000;

export class TicketEvents {
  private readonly listeners = new Map<number, Set<TicketListener>>();
  /** Holder streams open on this node, by ticket. */
  private readonly localHolders = new Map<number, number>();
  /** When a holder's stream on any node was last announced open, by ticket. */
  private readonly seen = new Map<number, number>();
  private unwatch: Promise<() => Promise<void>> | null = null;

  constructor(private readonly ctx: Context) {}

  start(): void {
    this.unwatch = this.ctx.store.watchList({ onVersion: () => undefined, onTicket: (payload) => this.receive(payload) }).catch((error: unknown) => {
      this.ctx.log.error({ err: error }, 'cannot watch for ticket events; live conversations stay on this node');
      return async () => undefined;
    });
  }

  async stop(): Promise<void> {
    await (await this.unwatch)?.();
  }

  /** Listens to one ticket's events; returns the function that stops. */
  subscribe(ticket: number, listener: TicketListener): () => void {
    const set = this.listeners.get(ticket) ?? new Set();
    set.add(listener);
    this.listeners.set(ticket, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(ticket);
    };
  }

  /** Sends an event to every node's listeners. Never throws: a lost event costs liveness, not data. */
  async publish(event: TicketEvent): Promise<void> {
    try {
      if (await this.ctx.store.announceTicket(JSON.stringify(event))) return;
    } catch (error) {
      this.ctx.log.warn({ err: error, ticket: event.ticket, kind: event.kind }, 'ticket event not announced to other nodes');
    }
    this.deliver(event);
  }

  /** Counts a holder's stream open on this node and tells everyone; returns what to call when it closes. */
  holderJoined(ticket: number): { heartbeat(): void; left(): void } {
    this.localHolders.set(ticket, (this.localHolders.get(ticket) ?? 0) + 1);
    void this.publish({ ticket, kind: 'presence', online: true });
    return {
      heartbeat: () => void this.publish({ ticket, kind: 'presence', online: true }),
      left: () => {
        const n = (this.localHolders.get(ticket) ?? 1) - 1;
        if (n > 0) this.localHolders.set(ticket, n);
        else this.localHolders.delete(ticket);
        void this.publish({ ticket, kind: 'presence', online: n > 0 });
      },
    };
  }

  /** Whether the holder has the ticket open on some node now: if not, a reply also goes by mail or notice. */
  holderOnline(ticket: number): boolean {
    if ((this.localHolders.get(ticket) ?? 0) > 0) return true;
    const at = this.seen.get(ticket);
    return at !== undefined && this.ctx.clock() - at < PRESENCE_MS;
  }

  private receive(payload: string): void {
    let event: TicketEvent;
    try {
      event = JSON.parse(payload) as TicketEvent;
    } catch {
      return;
    }
    if (typeof event?.ticket === 'number') this.deliver(event);
  }

  private deliver(event: TicketEvent): void {
    if (event.kind === 'presence') {
      if (event.online) this.seen.set(event.ticket, this.ctx.clock());
      else this.seen.delete(event.ticket);
    }
    for (const listener of this.listeners.get(event.ticket) ?? []) listener(event);
  }
}
