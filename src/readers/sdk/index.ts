// The reader SDK: everything a bus validator or metro gate needs, with no server code and no node:
// modules, so it runs in Node 20+ and in a browser alike.
export { ReaderList, type ReaderListOptions, type LoadResult } from './reader-list.ts';
export { ReaderSync, type ReaderSyncOptions, type SyncState } from './sync.ts';
export { ReaderSyncError } from './sync-error.ts';
export { enrolReader, type ReaderEnrolment } from './enrol.ts';
export { TapQueue, type TapRecord, type TapBatch, type Annulment, type TapQueueOptions } from './tap-queue.ts';
export { SipHash13 } from './siphash.ts';
export { cardHasher, type CardHasher } from './siphash-wasm.ts';
export { listValue, passUntilOf, type ListCardState, type ListHealthFacts } from './list-values.ts';
export { CompiledPolicy, compilePolicy, listPolicy, type ListPolicy } from './list-policy.ts';
export { Decision, describeDecision } from '../../domain/decisions.ts';
