// Signs tampered bytes with the trusted test key: models an attacker who holds a signing key, or a
// builder bug, so that only the structure checks stand between the bytes and the reader.
import { signInPlace } from '../../src/readers/builder/signer.ts';
import { SIGNING_KEY } from './list-fixtures.ts';

export function signInPlaceForTest(bytes: Uint8Array): void {
  signInPlace(bytes, SIGNING_KEY);
}
