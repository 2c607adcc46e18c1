// A ticket's live events as server-sent events (the framing of list-events.ts): `message`, `typing` and
// `presence`, a comment line as heartbeat. Whoever opens it is checked again at each heartbeat, so a
// signed-out holder or a disabled agent stops hearing at once after.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TicketEvent, TicketEvents } from '../services/desk/ticket-events.ts';

export const HEARTBEAT_MS = 15_000;

export interface TicketStreamOptions {
  /** 'holder': the holder's own stream, which counts as their presence; 'agent': the desk's. */
  side: 'holder' | 'agent';
  /** Rejects once the caller may no longer see the ticket. */
  stillAllowed(): Promise<unknown>;
}

const frame = (event: string, data: object) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** What one side hears: its own typing is not echoed back to it. */
function frameFor(side: 'holder' | 'agent', e: TicketEvent): string | null {
  if (e.kind === 'presence') return side === 'agent' ? frame('presence', { online: e.online }) : null;
  if (e.from === side) return null;
  return e.kind === 'typing' ? frame('typing', { from: e.from, name: e.name ?? null }) : frame('message', { from: e.from });
}

export function streamTicketEvents(events: TicketEvents, ticket: number, request: FastifyRequest, reply: FastifyReply, options: TicketStreamOptions): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { ...(reply.getHeaders() as Record<string, string>), 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  const unsubscribe = events.subscribe(ticket, (e) => {
    const text = frameFor(options.side, e);
    if (text) res.write(text);
  });
  const presence = options.side === 'holder' ? events.holderJoined(ticket) : null;
  // The agent learns at once whether the holder is there; later changes come as events.
  res.write(options.side === 'agent' ? frame('presence', { online: events.holderOnline(ticket) }) : ': open\n\n');
  const heartbeat = setInterval(() => {
    res.write(': heartbeat\n\n');
    presence?.heartbeat();
    options.stillAllowed().catch(() => res.end());
  }, HEARTBEAT_MS);
  heartbeat.unref();
  request.raw.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    presence?.left();
  });
}
