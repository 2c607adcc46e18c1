// Tables behind the counters: refund rules and refunds at outlets.
export interface CounterDatabase {}
