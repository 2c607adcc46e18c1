// The notices a holder receives (an agent replied, a card was unbound for them, a refund's receipt, a pass
// about to lapse): written for the person's proven contact in their language and queued in the transaction of
// the change that causes them, so that a notice exists exactly when its change does (DESIGN §4 rule 10). A
// notice's key makes it once: queuing the same key again does nothing. The outbox worker sends it within a
// second of the commit.
import type { Contact } from '../../domain/contacts.ts';
import type { Repositories } from '../../store/store.ts';
import type { Context } from '../context.ts';
import type { Lang } from '../ports.ts';
import { noticeTexts, type Notice } from './notice-texts.ts';
import { queueMessage } from './outbox.ts';

/**
 * Queues `notice` for the person; answers where it goes (masked), or null when it reaches nobody: the person
 * was erased, never proved a contact, or has one this deployment cannot send to.
 * @example await queueNotice(ctx, tx, personId, { kind: 'ticket-replied', ticketId: 42, link }, 'ticket-replied:42:7')
 */
export async function queueNotice(ctx: Context, tx: Repositories, personId: number, notice: Notice, key: string): Promise<string | null> {
  const person = await tx.people.get(personId);
  if (!person || person.erasedAt !== null || person.contactSealed === null) return null;
  const to = ctx.personalData.openContact(person.contactSealed);
  return (await queueNoticeTo(ctx, tx, to, person.lang, notice, key)) ? person.contactMasked : null;
}

/**
 * Queues `notice` for a given contact rather than the person's current one: the contact a change replaced,
 * told that it no longer receives the codes. False when this deployment cannot send to that kind of contact.
 */
export async function queueNoticeTo(ctx: Context, tx: Repositories, to: Contact, lang: Lang, notice: Notice, key: string): Promise<boolean> {
  if (!ctx.notifier.reaches[to.kind]) return false;
  const texts = noticeTexts(notice, lang);
  // The key names the cause, so it is the message's identity too: a receiver can drop a repeat by it.
  const messageId = `<notice-${key.replace(/[^A-Za-z0-9.-]/g, '-')}@ykt>`;
  await queueMessage(ctx, tx, { key: `notice:${key}`, kind: notice.kind, message: { to, lang, ...texts, messageId, automatic: true } });
  return true;
}
