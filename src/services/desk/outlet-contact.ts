// A new contact for sign-in codes, set at an outlet: for the holder who lost the phone or mailbox the codes
// go to, and so cannot prove the old contact as the holder's own change asks (holder/contact.ts). Outlet
// staff check the holder and the original document in person; that check stands in for the old contact's
// code, and the audit log keeps who made it and where.
//
// No code is sent for the clerk to ask back: every code tells its reader never to share it and that staff
// never ask, and a counter that asked would teach the opposite. The holder proves the new contact the way
// every sign-in does, on their own phone before leaving the counter; a mistyped contact is corrected there
// and then (the page says so).
import { checkContact, maskContact, sameContact } from '../../domain/contacts.ts';
import { checkDocument, type TravelDocument } from '../../domain/documents.ts';
import { YktError } from '../../domain/errors.ts';
import type { StaffMember } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { mustReach } from '../holder/one-time-codes.ts';
import { queueNoticeTo } from '../messages/notices.ts';
import { outletPost } from './refunds.ts';

export interface OutletContactRequest {
  document: { type: string; number: string; state?: string };
  /** The new contact: one of the two. */
  phone?: string;
  email?: string;
  /** The clerk saw the holder and the original document. */
  documentChecked: boolean;
}

export interface OutletContactChange {
  holder: { docType: TravelDocument['type']; docMasked: string | null };
  contactMasked: string;
  /** The contact it replaced, masked; null when there was none. */
  previousMasked: string | null;
}

/**
 * Replaces the contact of the person holding the document, and ends their sessions: a lost phone may still
 * be signed in, and whoever has it must not keep using the account (a pending sign-in or contact-change code
 * sent to the old contact proves nothing once the contact has changed: holder/sign-in.ts, holder/contact.ts).
 * @example await replaceContactAtOutlet(ctx, clerk, { document: { type: 'passport', number: 'E12345678', state: 'GBR' }, email: 'new@example.com', documentChecked: true })
 */
export async function replaceContactAtOutlet(ctx: Context, staff: StaffMember, request: OutletContactRequest): Promise<OutletContactChange> {
  if (!request.documentChecked) throw new YktError('CONTACT_DOCUMENT_NOT_CHECKED');
  const post = await outletPost(ctx, staff);
  const verdict = checkDocument(request.document, new Date(ctx.clock()));
  if (!verdict.valid) throw new YktError(verdict.code);
  const checked = checkContact(request);
  if (!checked.valid) throw new YktError(checked.code);
  const next = checked.contact;
  // A contact no code can reach would lock the holder out at the next sign-in.
  mustReach(ctx, next);
  const docKey = ctx.personalData.documentKey(verdict.document);

  return ctx.store.transaction(async (tx) => {
    const person = await tx.people.findByDocKey(docKey);
    if (!person || person.erasedAt !== null) throw new YktError('PERSON_NOT_FOUND');
    const previous = person.contactSealed === null ? null : ctx.personalData.openContact(person.contactSealed);
    if (previous && sameContact(previous, next)) throw new YktError('CONTACT_UNCHANGED');
    const now = ctx.clock();
    const contactMasked = maskContact(next);
    // Compared with the contact read above: a holder's own change landing in between wins, and this one is
    // refused, coded, for the clerk to look again.
    if (!(await tx.people.setContact(person.id, { sealed: ctx.personalData.sealContact(next), masked: contactMasked, at: now }, person.contactSealed))) {
      throw new YktError('CONTACT_CHANGED_MEANWHILE');
    }
    await tx.sessions.revoke({ personId: person.id }, now);
    // The contact replaced hears of it: if the holder did not ask for this, they know to call at once.
    if (previous) await queueNoticeTo(ctx, tx, previous, person.lang, { kind: 'contact-changed', at: now, next: contactMasked, outlet: post.name }, `contact-changed:${person.id}:${now}`);
    await tx.audit.append({
      at: now,
      actor: `outlet:${staff.id}`,
      action: 'contact.changed',
      subject: `person:${person.id}`,
      data: { outlet: post.code, check: 'document-in-person', via: next.kind, sessionsEnded: true },
    });
    return { holder: { docType: verdict.document.type, docMasked: person.docMasked }, contactMasked, previousMasked: person.contactMasked };
  });
}
