// The push stream's HTTP side: server-sent events framing on the raw reply. What to send (catch-up,
// heartbeat, live events) is decided in services/lists/push-catch-up.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { YktError } from '../domain/errors.ts';
import type { Context } from '../services/context.ts';
import type { ListPublisher } from '../services/lists/publisher.ts';
import { followList, type PushEvent } from '../services/lists/push-catch-up.ts';

function frame(event: string, data: object): Buffer {
  return Buffer.from(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * Frames already made, by the list file they carry: the publisher hands one event to every stream, and ten
 * thousand readers should cost one base64 encoding and one JSON text, not one each. Weak, so a frame goes
 * once its file does.
 */
const framed = new WeakMap<Uint8Array, Buffer>();

/** One event as the reader SDK's parser reads it: list bytes in base64. */
function eventFrame(e: PushEvent): Buffer {
  if (e.kind === 'resync') return frame('resync', { version: e.version });
  let bytes = framed.get(e.bytes);
  if (bytes === undefined) {
    const base64 = Buffer.from(e.bytes).toString('base64');
    bytes = e.kind === 'delta' ? frame('delta', { from: e.fromVersion, version: e.version, bytes: base64 }) : frame('heartbeat', { version: e.version, bytes: base64 });
    framed.set(e.bytes, bytes);
  }
  return bytes;
}

/** Whose stream it is, and what to do at each heartbeat sent down it. */
export interface StreamHolder {
  terminalId: string;
  /** Checks the credentials again (rejects with a YktError once revoked) and records the reader in sync at `version`, the one it holds. */
  atHeartbeat(version: number): Promise<unknown>;
}

/**
 * Takes the reply over and holds it open as an event stream for a reader at version `from`. Revoking the
 * reader ends the stream at once (ListPublisher.endStreamsOf: directly on the node that revoked it, by the
 * store's notification on the others); should a notification be lost, the credentials are checked again at
 * each heartbeat.
 */
export async function streamListEvents(ctx: Context, publisher: ListPublisher, request: FastifyRequest, reply: FastifyReply, from: number, holder: StreamHolder): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  // Keep what the hooks set (security headers, x-request-id): hijacking skips Fastify's sending of them.
  res.writeHead(200, { ...(reply.getHeaders() as Record<string, string>), 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  // Send the headers now: a reader already current may otherwise wait for the first heartbeat to learn it is connected.
  res.flushHeaders();
  const end = () => res.end();
  // The version the reader holds once it has applied what was sent (a heartbeat older than it is ignored).
  let held = from;
  const following = followList(ctx, publisher, from, (e) => {
    res.write(eventFrame(e));
    if (e.kind === 'resync') return;
    held = Math.max(held, e.version);
    // Only a refusal ends the stream: a store that cannot answer now should not drop every reader at once.
    if (e.kind === 'heartbeat') holder.atHeartbeat(held).catch((error: unknown) => error instanceof YktError && end());
  });
  const release = publisher.holdStream(holder.terminalId, end);
  request.raw.on('close', () => {
    following.stop();
    release();
  });
  await following.caughtUp;
}
