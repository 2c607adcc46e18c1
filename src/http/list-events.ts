// The push stream's HTTP side: server-sent events framing on the raw reply. What to send (catch-up,
// heartbeat, live events) is decided in services/lists/push-catch-up.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../services/context.ts';
import type { ListPublisher } from '../services/lists/publisher.ts';
import { followList, type PushEvent } from '../services/lists/push-catch-up.ts';

function frame(event: string, data: object): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** One event as the reader SDK's parser reads it: list bytes in base64. */
function eventFrame(e: PushEvent): string {
  if (e.kind === 'resync') return frame('resync', { version: e.version });
  const bytes = Buffer.from(e.bytes).toString('base64');
  return e.kind === 'delta'
    ? frame('delta', { from: e.fromVersion, version: e.version, bytes })
    : frame('heartbeat', { version: e.version, bytes });
}

/** Takes the reply over and holds it open as an event stream for a reader at version `from`. */
export async function streamListEvents(ctx: Context, publisher: ListPublisher, request: FastifyRequest, reply: FastifyReply, from: number): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  // Keep what the hooks set (security headers, x-request-id): hijacking skips Fastify's sending of them.
  res.writeHead(200, { ...(reply.getHeaders() as Record<string, string>), 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  // Send the headers now: a reader already current may otherwise wait for the first heartbeat to learn it is connected.
  res.flushHeaders();
  const following = followList(ctx, publisher, from, (e) => res.write(eventFrame(e)));
  const release = publisher.holdStream(() => res.end());
  request.raw.on('close', () => {
    following.stop();
    release();
  });
  await following.caughtUp;
}
