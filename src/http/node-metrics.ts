// What the routes count on this node. Each node starts from zero and counts only what it served, so
// Prometheus may sum these across nodes (unlike the ykt_store_* gauges, see metrics.ts).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class NodeMetrics {
  readonly registry = new Registry();
  readonly taps = this.counter('ykt_taps_total', 'Taps uploaded by readers and stored through this node, by decision', ['decision']);
  readonly upgrades = this.counter('ykt_upgrades_total', 'Cards upgraded (bound) through this node, by channel', ['channel']);
  readonly unbinds = this.counter('ykt_unbinds_total', 'Bindings ended through this node, by channel (agent: by customer service)', ['channel']);
  readonly signIns = this.counter('ykt_sign_ins_total', 'Successful sign-ins through this node, by role', ['role']);
  readonly refusals = this.counter('ykt_refusals_total', 'Coded error answers by catalogue code (docs/errors.md)', ['code']);
  readonly requests = new Histogram({
    name: 'ykt_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern (never the raw URL), method and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    // Node's conventional names (process_cpu_seconds_total, nodejs_heap_size_used_bytes…), unprefixed.
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts an upload's taps, unless it was a batch already stored that the reader resent (all duplicates). */
  countTaps(taps: ReadonlyArray<{ decision: string }>, result: { stored: number }): void {
    if (result.stored === 0) return;
    // One increment per decision, not per tap: labelled increments cost a hash of the labels each.
    const counts = new Map<string, number>();
    for (const tap of taps) counts.set(tap.decision, (counts.get(tap.decision) ?? 0) + 1);
    for (const [decision, n] of counts) this.taps.inc({ decision }, n);
  }

  private counter(name: string, help: string, labelNames: string[]): Counter {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
