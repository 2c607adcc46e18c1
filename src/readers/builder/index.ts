// The server side of reader lists: signing keys, snapshots, deltas and heartbeats.
export { generateSigningKey, signingKeyFromPem, signingKeyToPem, type ListSigningKey } from './signer.ts';
export { certifySigningKey, generateRootKey, rawPublicKey, rootKeyFromPem, rootKeyToPem, type RootKey } from './certificate.ts';
export { listPolicy, type ListPolicy } from '../sdk/list-policy.ts';
export { buildSnapshot, type ListMeta, type SnapshotInput } from './snapshot-builder.ts';
export { buildDelta, buildHeartbeat, diffStates, type DeltaInput } from './delta-builder.ts';
export { listValue, type ListCardState } from '../sdk/list-values.ts';
