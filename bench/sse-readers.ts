// Simulated readers on the push stream (GET /api/v1/terminal/events) for benchmarks that must survive big
// frames: each reader scans the bytes for frame ends and keeps only a frame's first bytes (event name and
// version), so that a delta of tens of megabytes sent to a thousand readers does not have to be held a
// thousand times in the bench's memory. A frame counts as received when its last byte has arrived.
// (benchPush in system.bench.ts parses and decodes whole frames: its deltas are a few bytes.)
import { performance } from 'node:perf_hooks';

/** How much of a frame is kept: `event: delta\ndata: {"from":…,"version":…,` fits in it. */
const HEAD_BYTES = 256;
const NEWLINE = 10;

export interface DeltaSeen {
  version: number;
  /** performance.now() when the frame's last byte arrived. */
  at: number;
  /** The whole frame's size in bytes, as sent (base64 and framing included). */
  bytes: number;
}

export interface HeldReaders {
  /** Every delta frame each reader received, in order. */
  seen: DeltaSeen[][];
  connected(): number;
  /** Hangs every reader up and waits for their streams to end. */
  close(): Promise<void>;
}

/**
 * Opens `count` push streams as one enrolled terminal at list version `from`.
 * @example const readers = holdReaders({ base, auth, from: publisher.version, count: 1000 });
 */
export function holdReaders(o: { base: string; auth: string; from: number; count: number }): HeldReaders {
  const seen = Array.from({ length: o.count }, (): DeltaSeen[] => []);
  const controllers: AbortController[] = [];
  let connected = 0;
  const streams = seen.map(async (mine) => {
    const ac = new AbortController();
    controllers.push(ac);
    const res = await connect(`${o.base}/api/v1/terminal/events?from=${o.from}`, o.auth, ac.signal);
    if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
    connected++;
    let head = '';
    let size = 0;
    let lastWasNewline = false;
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        let start = 0;
        for (let i = bytes.indexOf(NEWLINE); ; i = bytes.indexOf(NEWLINE, i + 1)) {
          // A frame ends at the second of two newlines in a row (no SSE field here holds a blank line).
          const end = i < 0 ? bytes.length : i + 1;
          if (head.length < HEAD_BYTES) head += bytes.toString('latin1', start, Math.min(end, start + HEAD_BYTES - head.length));
          if (i < 0) {
            size += bytes.length - start;
            lastWasNewline = bytes.length > start ? false : lastWasNewline;
            break;
          }
          const frameEnds: boolean = i === start && lastWasNewline;
          size += end - start;
          start = end;
          lastWasNewline = !frameEnds;
          if (!frameEnds) continue;
          const version = /^event: delta\ndata: .*?"version":(\d+)/.exec(head)?.[1];
          if (version !== undefined) mine.push({ version: Number(version), at: performance.now(), bytes: size });
          head = '';
          size = 0;
        }
      }
    } catch (error) {
      if (!ac.signal.aborted) throw error;
    }
  });
  // A stream that fails is a reader that never receives: it shows as missed, and the bench goes on.
  for (const stream of streams) stream.catch(() => undefined);
  return {
    seen,
    connected: () => connected,
    async close() {
      for (const ac of controllers) ac.abort();
      await Promise.allSettled(streams);
    },
  };
}

/** Opens one stream, trying again twice when the connection fails (a kept-alive socket closed under it). */
async function connect(url: string, auth: string, signal: AbortSignal): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { headers: { authorization: auth, accept: 'text/event-stream' }, signal });
    } catch (error) {
      if (attempt === 3 || signal.aborted) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
