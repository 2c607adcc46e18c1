// Document numbers are personal information (DESIGN §4 rule 6): sealed with AES-256-GCM at rest,
// found through a keyed hash, shown masked. Nothing here logs.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { TravelDocument } from '../domain/documents.ts';
import type { Secrets } from './secrets.ts';

/** What is sealed for a person: the document as given at sign-in. */
export interface SealedIdentity {
  document: TravelDocument;
  name?: string;
}

export class PersonalData {
  constructor(private readonly secrets: Pick<Secrets, 'documentKey' | 'documentHashKey'>) {}

  /** The lookup key of a document: equal documents give equal keys, and the key reveals nothing. */
  documentKey(document: TravelDocument): string {
    return createHmac('sha256', this.secrets.documentHashKey)
      .update(`${document.type}|${document.state ?? ''}|${document.number}`)
      .digest('base64url');
  }

  /** @example personalData.open(personalData.seal(identity)) deep-equals identity */
  seal(identity: SealedIdentity): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secrets.documentKey, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(identity), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): SealedIdentity {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.secrets.documentKey, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8'));
  }
}
