// Server-sent events for readers: after connecting at version `from`, a reader first gets what it missed
// (deltas, or a `resync` telling it to fetch the sync plan), then every delta and heartbeat as published.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../services/context.ts';
import type { ListEvent, ListPublisher } from '../services/lists/publisher.ts';

const CATCH_UP_LIMIT = 200;

function frame(event: string, data: object): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function eventFrame(e: ListEvent): string {
  const bytes = Buffer.from(e.bytes).toString('base64');
  return e.kind === 'delta'
    ? frame('delta', { from: e.fromVersion, version: e.version, bytes })
    : frame('heartbeat', { version: e.version, bytes });
}

export async function streamListEvents(ctx: Context, publisher: ListPublisher, request: FastifyRequest, reply: FastifyReply, from: number): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  // Send the headers now: a reader already current may otherwise wait for the first heartbeat to learn it is connected.
  res.flushHeaders();
  // Subscribe before catching up, so that nothing published meanwhile is lost; the reader ignores a
  // delta whose `from` is not its version, so a duplicate is harmless.
  const queued: ListEvent[] = [];
  let live = false;
  const unsubscribe = publisher.subscribe((e) => (live ? res.write(eventFrame(e)) : queued.push(e)));
  const release = publisher.holdStream(() => res.end());
  request.raw.on('close', () => {
    unsubscribe();
    release();
  });

  let at = from;
  if (at !== publisher.version) {
    const chain = at > 0 ? await ctx.store.lists.fileVersions('delta', at + 1) : [];
    const catchUp = chain.length <= CATCH_UP_LIMIT && chain[0]?.fromVersion === at ? chain : null;
    if (!catchUp) res.write(frame('resync', { version: publisher.version }));
    for (const step of catchUp ?? []) {
      if (step.fromVersion !== at || step.version > publisher.version) break;
      const bytes = await ctx.store.lists.getFile('delta', step.fromVersion, step.version);
      if (!bytes) break;
      res.write(eventFrame({ kind: 'delta', fromVersion: step.fromVersion, version: step.version, bytes }));
      at = step.version;
    }
  }
  const beat = publisher.latestHeartbeat();
  if (beat) res.write(eventFrame({ kind: 'heartbeat', ...beat }));
  for (const e of queued) if (e.kind === 'heartbeat' || e.fromVersion >= at) res.write(eventFrame(e));
  live = true;
}
