// The built-in identity: a person signs in with a document and a one-time code sent to a contact they proved
// — a mobile number by SMS or an e-mail address. At the first sign-in the person gives the contact, and the
// code proves it; from then on codes go only to that contact, whatever a request says (changing it is
// holder/contact.ts). It is one provider behind the identity port (services/identity/); a Health Kit, WeChat
// or Alipay login is another (OpenID Connect), and the configuration says which are on.
import { randomUUID } from 'node:crypto';
import { channelFor, checkDocument, isDocumentType, maskDocumentNumber } from '../../domain/documents.ts';
import { checkContact, maskContact, sameContact, type Contact, type ContactKind } from '../../domain/contacts.ts';
import { YktError } from '../../domain/errors.ts';
import type { Channel } from '../../domain/channels.ts';
import type { Context } from '../context.ts';
import type { Lang } from '../ports.ts';
import { sendNow, type Delivery } from '../messages/outbox.ts';
import { hashCode, mustNotFlood, mustReach, newCode, proveCode, queueCode } from './one-time-codes.ts';
import { startSession } from './sessions.ts';

export interface CodeRequest {
  type: string;
  number: string;
  state?: string;
  name?: string;
  /** The contact for a first sign-in: one of the two. Ignored once the person has a proven contact. */
  phone?: string;
  email?: string;
  /** The language of the message that carries the code; Chinese unless said. */
  lang?: Lang;
}

export interface CodeSent {
  challengeId: string;
  expiresAt: number;
  /** Where the code went, masked: "+852 ****1234", "c***@example.com". */
  sentTo: string;
  via: ContactKind;
  /** True when the code went to the contact the person proved before (the request's contact, if any, was not used). */
  contactOnFile: boolean;
  /** 'sent', or 'queued' when the first try did not get through at once: the code is on its way, retried until it expires. */
  delivery: Delivery;
}

/** The refusal for a document presented on the wrong channel (the seed: residence permits use the app). */
export function wrongChannel(documentChannel: Channel): YktError {
  return new YktError(documentChannel === 'app' ? 'WRONG_CHANNEL_USE_APP' : 'WRONG_CHANNEL_USE_KIT');
}

/**
 * Checks the document and sends a one-time code for it: to the person's proven contact, or at a first
 * sign-in to the phone or e-mail the request gives.
 * @example await requestCode(ctx, 'kit', { type: 'passport', number: 'E1234567', state: 'GBR', email: 'chan@example.com' })
 */
export async function requestCode(ctx: Context, channel: Channel, request: CodeRequest): Promise<CodeSent> {
  // The channel is known from the type alone: someone in the wrong place hears where to go even before
  // their number is typed right.
  if (isDocumentType(request.type) && channelFor(request.type) !== channel) throw wrongChannel(channelFor(request.type));
  const verdict = checkDocument(request, new Date(ctx.clock()));
  if (!verdict.valid) throw new YktError(verdict.code);
  const { document } = verdict;

  const docKey = ctx.personalData.documentKey(document);
  const person = await ctx.store.people.findByDocKey(docKey);
  const onFile = person?.contactSealed ?? null;
  let contact: Contact;
  if (onFile !== null) {
    contact = ctx.personalData.openContact(onFile);
  } else {
    const checked = checkContact(request);
    if (!checked.valid) throw new YktError(checked.code);
    contact = checked.contact;
  }
  mustReach(ctx, contact);
  await mustNotFlood(ctx, docKey);

  const now = ctx.clock();
  const challengeId = randomUUID();
  const code = newCode();
  const expiresAt = now + ctx.config.codeTtlMs;
  const queued = await ctx.store.transaction(async (tx) => {
    await tx.signInCodes.insert({
      id: challengeId,
      docKey,
      docSealed: ctx.personalData.seal({ document, ...(request.name ? { name: request.name.trim() } : {}) }),
      codeHash: hashCode(ctx, challengeId, code),
      channel,
      createdAt: now,
      expiresAt,
      attempts: 0,
      usedAt: null,
      purpose: 'sign-in',
      contactSealed: onFile ?? ctx.personalData.sealContact(contact),
      personId: null,
    });
    return queueCode(ctx, tx, { challengeId, tag: 'sign-in', to: contact, channel, code, expiresAt, lang: request.lang ?? 'zh', purpose: 'sign-in' });
  });
  const delivery = await sendNow(ctx, [queued]);
  return { challengeId, expiresAt, sentTo: maskContact(contact), via: contact.kind, contactOnFile: onFile !== null, delivery };
}

/**
 * Proves a code and opens a session, creating the person on first sign-in and storing, sealed, the contact
 * the code reached. A code sent to a contact that is no longer (or not) the person's one signs nobody in.
 * `lang`, the language the holder reads, becomes the language of their notices.
 */
export async function verifyCode(ctx: Context, channel: Channel, challengeId: string, code: string, lang?: Lang) {
  const challenge = await proveCode(ctx, (c) => c.channel === channel && c.purpose === 'sign-in', challengeId, code.trim());
  const now = ctx.clock();
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.signInCodes.use(challengeId, now))) throw new YktError('CODE_EXPIRED');
    const identity = ctx.personalData.open(challenge.docSealed);
    let person = await tx.people.ensure({
      docType: identity.document.type,
      docKey: challenge.docKey,
      docSealed: challenge.docSealed,
      docMasked: maskDocumentNumber(identity.document.number),
      at: now,
    });
    if (challenge.contactSealed === null) throw new YktError('CODE_EXPIRED');
    const reached = ctx.personalData.openContact(challenge.contactSealed);
    if (person.contactSealed === null) {
      // First sign-in: the contact is proven now. Two first sign-ins racing to different contacts: one wins.
      await tx.people.setContact(person.id, { sealed: challenge.contactSealed, masked: maskContact(reached), at: now }, null);
      person = (await tx.people.get(person.id)) ?? person;
    }
    if (person.contactSealed === null || !sameContact(ctx.personalData.openContact(person.contactSealed), reached)) throw new YktError('CODE_EXPIRED');
    // Notices follow the language the holder last signed in with.
    if (lang !== undefined && lang !== person.lang) await tx.people.setPreferences(person.id, { lang }, now);
    const session = await startSession(ctx, tx, person.id, channel);
    return { ...session, person: { docType: person.docType, docMasked: person.docMasked, contactMasked: person.contactMasked } };
  });
}
