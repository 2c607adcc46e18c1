// Document numbers and contacts are personal information (DESIGN §4 rule 6): sealed with AES-256-GCM at
// rest, documents found through a keyed hash, both shown masked. So are queued messages, which name their
// recipient and may carry a code. Nothing here logs.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Contact } from '../domain/contacts.ts';
import type { TravelDocument } from '../domain/documents.ts';
import type { OutgoingMessage } from './ports.ts';
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
    return this.sealJson(identity);
  }

  open(sealed: string): SealedIdentity {
    return this.openJson(sealed) as SealedIdentity;
  }

  /** @example personalData.openContact(personalData.sealContact({ kind: 'email', value: 'c@example.com' })) */
  sealContact(contact: Contact): string {
    return this.sealJson({ kind: contact.kind, value: contact.value });
  }

  openContact(sealed: string): Contact {
    return this.openJson(sealed) as Contact;
  }

  /** @example personalData.openMessage(personalData.sealMessage(message)) deep-equals message */
  sealMessage(message: OutgoingMessage): string {
    return this.sealJson(message);
  }

  openMessage(sealed: string): OutgoingMessage {
    return this.openJson(sealed) as OutgoingMessage;
  }

  private sealJson(value: object): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secrets.documentKey, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  private openJson(sealed: string): unknown {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.secrets.documentKey, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8'));
  }
}
