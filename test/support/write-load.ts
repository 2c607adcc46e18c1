// A load of writes that keeps a ledger of what the server acknowledged: holders upgrading and unbinding
// their cards, a reader uploading tap batches, the health authority posting signed record batches. The
// crash tests run it while they kill servers, then hold the store to the ledger (crash-ledger.ts).
import { randomBytes } from 'node:crypto';
import { signHealthBatch } from '../../src/http/health-feed.ts';

export interface Holder {
  token: string;
  cardNumber: string;
  /** The document, as the health feed names its person. */
  document: { type: string; number: string; state?: string };
}

/**
 * What the server answered with success, and what it did not confirm: sent and then no answer, or a 5xx
 * (a connection that broke during the commit leaves even a STORE_UNAVAILABLE unsure). Those may or may not
 * be stored, but whole or not at all.
 */
export interface Ledger {
  upgrades: Array<{ bindingId: number; cardNumber: string }>;
  unbinds: number[];
  tapBatches: string[][];
  /** The recordedAt of each health batch: every holder's record in it carries that instant. */
  healthBatches: number[];
  unconfirmed: { upgrades: number; unbinds: number; tapBatches: string[][]; healthBatches: number[] };
  /** Error answers by code (STORE_UNAVAILABLE while the database is down; INTERNAL never). */
  refusals: Record<string, number>;
}

export interface WriteLoadOptions {
  /** The nodes to spread requests over; read on every request, so a test can change it. */
  bases: () => readonly string[];
  holders: readonly Holder[];
  readerCredentials: string;
  healthFeedKey: Buffer;
}

type Outcome = { status: number; body: any } | 'not-sent' | 'unanswered';

const unconfirmed = (outcome: Outcome) => outcome === 'unanswered' || (typeof outcome === 'object' && outcome.status >= 500);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Each writer waits this long between requests: a steady load keeps writes in flight at any instant, while a
// flood would only slow the servers' restarts on a small machine.
const GAP_MS = 20;

/** One request; a refused connection never reached a server, anything else without an answer may have. */
async function send(url: string, method: string, body: string | undefined, headers: Record<string, string>): Promise<Outcome> {
  try {
    const response = await fetch(url, { method, body, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED' ? 'not-sent' : 'unanswered';
  }
}

export interface WriteLoad {
  /** The ledger so far: it grows while the load runs. */
  ledger: Ledger;
  stop(): Promise<Ledger>;
}

/**
 * Starts the load; `stop()` ends it once every request in flight has its answer, and returns the ledger.
 * @example const load = startWriteLoad({ bases: () => [node.base], holders, readerCredentials, healthFeedKey }); …; const ledger = await load.stop();
 */
export function startWriteLoad(options: WriteLoadOptions): WriteLoad {
  const ledger: Ledger = { upgrades: [], unbinds: [], tapBatches: [], healthBatches: [], unconfirmed: { upgrades: 0, unbinds: 0, tapBatches: [], healthBatches: [] }, refusals: {} };
  let running = true;
  let turn = 0;
  const base = () => {
    const bases = options.bases();
    return bases[turn++ % bases.length]!;
  };
  const refused = (outcome: Outcome) => {
    if (typeof outcome === 'object' && outcome.status >= 400) {
      const code = outcome.body?.error?.code ?? `HTTP_${outcome.status}`;
      ledger.refusals[code] = (ledger.refusals[code] ?? 0) + 1;
    }
  };

  async function holderLoop(holder: Holder): Promise<void> {
    const auth = { authorization: `Bearer ${holder.token}` };
    // The binding the holder has, as far as the last answer says; undefined when an answer went missing.
    let active: number | null | undefined;
    while (running) {
      if (active === undefined) {
        const listed = await send(`${base()}/api/v1/kit/cards`, 'GET', undefined, auth);
        if (typeof listed === 'object' && listed.status === 200) active = listed.body.cards[0]?.id ?? null;
        else await pause(50);
        continue;
      }
      if (active === null) {
        const body = JSON.stringify({ cardNumber: holder.cardNumber, medium: 'physical', agreementVersion: 1 });
        const made = await send(`${base()}/api/v1/kit/cards`, 'POST', body, auth);
        if (typeof made === 'object' && made.status === 201) {
          ledger.upgrades.push({ bindingId: made.body.card.id, cardNumber: holder.cardNumber });
          active = made.body.card.id;
          await pause(GAP_MS);
          continue;
        }
        if (unconfirmed(made)) ledger.unconfirmed.upgrades++;
        refused(made);
      } else {
        const ended = await send(`${base()}/api/v1/kit/cards/${active}`, 'DELETE', undefined, auth);
        if (typeof ended === 'object' && ended.status === 204) {
          ledger.unbinds.push(active);
          active = null;
          await pause(GAP_MS);
          continue;
        }
        if (unconfirmed(ended)) ledger.unconfirmed.unbinds++;
        refused(ended);
      }
      // Whatever became of it, the holder's cards say where things stand now.
      active = undefined;
      await pause(50);
    }
  }

  async function tapLoop(): Promise<void> {
    const auth = { authorization: `Bearer ${options.readerCredentials}` };
    while (running) {
      const taps = Array.from({ length: 50 }, () => ({ tapId: randomBytes(16).toString('hex'), cardKey: randomBytes(8).toString('hex'), decision: 'PASS', at: Date.now(), online: true }));
      const batch = taps.map((t) => t.tapId);
      const body = JSON.stringify({ batchId: randomBytes(8).toString('hex'), taps });
      const uploaded = await send(`${base()}/api/v1/terminal/taps`, 'POST', body, auth);
      if (typeof uploaded === 'object' && uploaded.status === 200) {
        ledger.tapBatches.push(batch);
        await pause(GAP_MS);
      } else {
        if (unconfirmed(uploaded)) ledger.unconfirmed.tapBatches.push(batch);
        refused(uploaded);
        await pause(50);
      }
    }
  }

  async function healthLoop(): Promise<void> {
    let last = 0;
    while (running) {
      // One instant per batch, later than every earlier batch's: what a holder's record holds tells which batch it came from.
      const recordedAt = (last = Math.max(Date.now(), last + 1));
      const records = options.holders.map((h, i) => ({ recordId: `load-${recordedAt}-${i}`, document: h.document, colour: 'green', testedAt: recordedAt - 3_600_000, recordedAt }));
      const body = JSON.stringify({ records });
      const fed = await send(`${base()}/api/v1/health-feed/records`, 'POST', body, { 'x-ykt-signature': signHealthBatch(options.healthFeedKey, body, Date.now()) });
      if (typeof fed === 'object' && fed.status === 200) {
        ledger.healthBatches.push(recordedAt);
        await pause(GAP_MS);
      } else {
        if (unconfirmed(fed)) ledger.unconfirmed.healthBatches.push(recordedAt);
        refused(fed);
        await pause(50);
      }
    }
  }

  const loops = [...options.holders.map(holderLoop), tapLoop(), healthLoop()];
  return {
    ledger,
    async stop() {
      running = false;
      await Promise.all(loops);
      return ledger;
    },
  };
}
