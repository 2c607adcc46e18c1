// The outbox worker: every server runs one. It claims the messages that are due — a retry whose time came,
// a first try that a request did not get to, or a message whose node died mid-send and whose claim ran
// out — and tries each (outbox.ts). Several nodes on PostgreSQL each run one; their claims never overlap.
import type { Context } from '../context.ts';
import { attempt, failureReason, leaseMs, track, triesEnded, type TryOutcome } from './outbox.ts';

/** How often a node looks for due messages: a retry is late by at most this. */
const POLL_MS = 1_000;
/** Messages claimed, and tried side by side, at a time. */
const BATCH = 10;

/**
 * Claims the due messages (up to a batch) and tries each; answers how each try ended.
 * @example await deliverDue(ctx) // ['sent', 'retry']
 */
export async function deliverDue(ctx: Context, limit = BATCH): Promise<TryOutcome[]> {
  const due = await ctx.store.outbox.claimDue(ctx.clock(), limit, leaseMs(ctx));
  return track(ctx, Promise.all(due.map((row) => attempt(ctx, row))));
}

export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private running = false;

  constructor(private readonly ctx: Context) {}

  /** Starts looking for due messages, at once (so that what a dead node left is taken up) and every second. */
  start(): void {
    this.running = true;
    this.next(0);
  }

  /** Stops looking, and resolves once every try under way (the worker's and the requests') has ended. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.round;
    await triesEnded(this.ctx);
  }

  private next(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.round = this.deliver().then((full) => {
        this.round = undefined;
        // A full batch may have more behind it: go on at once.
        if (this.running) this.next(full ? 0 : POLL_MS);
      });
    }, delayMs);
  }

  /** One round; true when it claimed a full batch. A store that fails is logged, and asked again next round. */
  private async deliver(): Promise<boolean> {
    try {
      return (await deliverDue(this.ctx)).length === BATCH;
    } catch (error) {
      this.ctx.log.error({ error: failureReason(error) }, 'outbox worker: could not deliver due messages; trying again shortly');
      return false;
    }
  }
}
