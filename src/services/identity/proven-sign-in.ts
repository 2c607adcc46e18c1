// Opens a session for a person another party has proven (an OpenID provider's real-name login): the same
// person as the one-time code would find, keyed by the document, so that one holder reaches the same cards
// whichever way they sign in.
import { maskContact } from '../../domain/contacts.ts';
import { channelFor, maskDocumentNumber } from '../../domain/documents.ts';
import type { HolderChannel } from '../../domain/channels.ts';
import type { Context } from '../context.ts';
import { wrongChannel } from '../holder/sign-in.ts';
import { startSession } from '../holder/sessions.ts';
import type { SignedIn } from './identity-provider.ts';
import type { ProvenIdentity } from './oidc-claims.ts';

/**
 * Creates the person on first sign-in, gives a person without a contact the first verified one the provider
 * vouched for that the notifier can reach (else a later code sign-in would let whoever first names a contact
 * for this document take the account over), and opens a session.
 * @throws YktError WRONG_CHANNEL_USE_APP / WRONG_CHANNEL_USE_KIT for a document of the other channel, before anything is stored.
 */
export async function signInProven(ctx: Context, channel: HolderChannel, proven: ProvenIdentity): Promise<SignedIn> {
  const { document } = proven;
  // The document decides the channel, as for a typed one: a residence permit belongs to the app, the rest to the Health Kit column.
  if (channelFor(document.type) !== channel) throw wrongChannel(channelFor(document.type));
  const contact = proven.contacts.find((c) => ctx.notifier.reaches[c.kind]);
  const now = ctx.clock();
  return ctx.store.transaction(async (tx) => {
    let person = await tx.people.ensure({
      docType: document.type,
      docKey: ctx.personalData.documentKey(document),
      docSealed: ctx.personalData.seal({ document, ...(proven.name ? { name: proven.name } : {}) }),
      docMasked: maskDocumentNumber(document.number),
      at: now,
    });
    // Set only where there is none: replacing a contact needs the old one (holder/contact.ts), whoever asks.
    if (person.contactSealed === null && contact && (await tx.people.setContact(person.id, { sealed: ctx.personalData.sealContact(contact), masked: maskContact(contact), at: now }, null))) {
      person = (await tx.people.get(person.id)) ?? person;
    }
    const session = await startSession(ctx, tx, person.id, channel);
    return { ...session, person: { docType: person.docType, docMasked: person.docMasked, contactMasked: person.contactMasked } };
  });
}
