// Server-sent events read with fetch rather than EventSource, which cannot send the session's bearer token
// (a token in the URL would end up in access logs). A dropped stream is opened again after a pause; the
// `onOpen` callback lets the page fetch what it may have missed meanwhile.

export interface StreamHandlers {
  onEvent(name: string, data: unknown): void;
  /** Each time the stream (re)connects. */
  onOpen?(): void;
}

const RETRY_MS = 3000;

/**
 * Follows an event stream until the returned function is called.
 * @example const stop = followEvents('/api/v1/kit/tickets/4/events', token, { onEvent: (name) => name === 'message' && reload() });
 */
export function followEvents(url: string, token: string, handlers: StreamHandlers): () => void {
  const abort = new AbortController();
  let first = true;
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const response = await fetch(url, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, signal: abort.signal });
        // A refusal (signed out, ticket closed) is final: retrying would only be refused again.
        if (!response.ok || !response.body) return;
        if (!first) handlers.onOpen?.();
        first = false;
        await readFrames(response.body, handlers);
      } catch {
        if (abort.signal.aborted) return;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  };
  void run();
  return () => abort.abort();
}

async function readFrames(body: ReadableStream<Uint8Array>, handlers: StreamHandlers): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) name = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) handlers.onEvent(name, JSON.parse(data));
    }
  }
}

/** Calls `send` at most once every `ms` while called more often: a "typing" signal, not one per key. */
export function throttle(send: () => void, ms = 3000): () => void {
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last < ms) return;
    last = now;
    send();
  };
}
