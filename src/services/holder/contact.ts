// Changing the contact sign-in codes go to. A signed-in holder names the new phone or e-mail; one code goes
// to the old contact and one to the new, and the change needs both: a stolen session alone cannot move
// someone's sign-ins to another phone, and a mistyped new contact never locks its owner out. A holder who
// lost the old phone goes to an outlet, where staff check the document instead (desk/outlet-contact.ts).
import { randomUUID } from 'node:crypto';
import { checkContact, maskContact, sameContact } from '../../domain/contacts.ts';
import { YktError } from '../../domain/errors.ts';
import type { Session } from '../../store/store.ts';
import type { Context } from '../context.ts';
import type { Lang } from '../ports.ts';
import { queueNoticeTo } from '../messages/notices.ts';
import { sendNow } from '../messages/outbox.ts';
import { hashCode, mustNotFlood, mustReach, newCode, proveCode, queueCode } from './one-time-codes.ts';

/** The rate-limit key of a person's contact changes (codes are otherwise counted per document). */
const changeKey = (personId: number): string => `contact-change:${personId}`;

async function livePerson(ctx: Context, personId: number) {
  const person = await ctx.store.people.get(personId);
  if (!person || person.erasedAt !== null) throw new YktError('SESSION_INVALID');
  return person;
}

/**
 * Sends the codes for a contact change; answers where each went, masked (`oldSentTo` null for a person who
 * has no contact on file yet, who then proves the new one only), and whether both went out at once.
 * @example await requestContactChange(ctx, session, { email: 'new@example.com' }, 'en')
 */
export async function requestContactChange(ctx: Context, session: Session, given: { phone?: string; email?: string }, lang: Lang) {
  const checked = checkContact(given);
  if (!checked.valid) throw new YktError(checked.code);
  const next = checked.contact;
  const person = await livePerson(ctx, session.personId);
  const old = person.contactSealed === null ? null : ctx.personalData.openContact(person.contactSealed);
  if (old && sameContact(old, next)) throw new YktError('CONTACT_UNCHANGED');
  mustReach(ctx, next);
  if (old) mustReach(ctx, old);
  await mustNotFlood(ctx, changeKey(person.id));

  const now = ctx.clock();
  const challengeId = randomUUID();
  const newCodeValue = newCode();
  const oldCodeValue = old ? newCode() : null;
  const expiresAt = now + ctx.config.codeTtlMs;
  const base = { challengeId, channel: session.channel, expiresAt, lang, purpose: 'contact-change' as const };
  const queued = await ctx.store.transaction(async (tx) => {
    await tx.signInCodes.insert({
      id: challengeId,
      docKey: changeKey(person.id),
      // The document stays as it is: the person exists. The column wants a value; this one opens to nothing new.
      docSealed: person.docSealed ?? '',
      codeHash: hashCode(ctx, challengeId, oldCodeValue === null ? newCodeValue : `${oldCodeValue}:${newCodeValue}`),
      channel: session.channel,
      createdAt: now,
      expiresAt,
      attempts: 0,
      usedAt: null,
      purpose: 'contact-change',
      contactSealed: ctx.personalData.sealContact(next),
      personId: person.id,
    });
    const toOld = old && oldCodeValue ? [await queueCode(ctx, tx, { ...base, tag: 'old-contact', to: old, code: oldCodeValue })] : [];
    return [...toOld, await queueCode(ctx, tx, { ...base, tag: 'new-contact', to: next, code: newCodeValue })];
  });
  const delivery = await sendNow(ctx, queued);
  const sentTo = maskContact(next);
  const oldSentTo = old ? maskContact(old) : null;
  return { challengeId, expiresAt, sentTo, oldSentTo, delivery };
}

/**
 * Proves both codes and makes the new contact the person's. Refused when the contact changed since the codes
 * were sent (another change won), so a code sent to a contact no longer on file proves nothing.
 */
export async function confirmContactChange(ctx: Context, session: Session, challengeId: string, codes: { code: string; oldCode?: string }) {
  const person = await livePerson(ctx, session.personId);
  const given = person.contactSealed === null ? codes.code.trim() : `${(codes.oldCode ?? '').trim()}:${codes.code.trim()}`;
  const challenge = await proveCode(ctx, (c) => c.purpose === 'contact-change' && c.personId === person.id && c.channel === session.channel, challengeId, given);
  const now = ctx.clock();
  const next = ctx.personalData.openContact(challenge.contactSealed!);
  const masked = maskContact(next);
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.signInCodes.use(challengeId, now))) throw new YktError('CODE_EXPIRED');
    const current = await tx.people.get(person.id);
    const changedSince = current?.contactVerifiedAt != null && current.contactVerifiedAt > challenge.createdAt;
    if (!current || changedSince || !(await tx.people.setContact(person.id, { sealed: challenge.contactSealed!, masked, at: now }, current.contactSealed))) {
      throw new YktError('CODE_EXPIRED');
    }
    await tx.audit.append({ at: now, actor: `person:${person.id}`, action: 'contact.changed', subject: `person:${person.id}`, data: { via: next.kind } });
    // The contact replaced hears of it, like any account whose login address changes.
    if (current.contactSealed !== null) {
      const previous = ctx.personalData.openContact(current.contactSealed);
      await queueNoticeTo(ctx, tx, previous, current.lang, { kind: 'contact-changed', at: now, next: masked, outlet: null }, `contact-changed:${person.id}:${now}`);
    }
  });
  return { contactMasked: masked };
}
