// The holder's API, as the pages call it: the same /api/v1/kit or /api/v1/app routes as any client.
// Types come from the API's own schemas (type-only imports, erased from the bundle), so they cannot drift.
import type { Static } from 'typebox';
import type { Agreement as AgreementSchema, BindingView as BindingSchema } from '../../http/schemas.ts';
import type { TicketMessageView as TicketMessageSchema, TicketView as TicketSchema } from '../../http/holder-tickets.ts';
import type { CodeRequestBody } from '../../http/holder.ts';
import type { SignInMethods as SignInMethodsSchema } from '../../http/holder-sign-in-schemas.ts';
import { requestJson, type Fallbacks } from '../shared/api.ts';

import type { HolderChannel as Channel } from '../../domain/channels.ts';

export type { Channel };
export type Binding = Static<typeof BindingSchema>;
export type Agreement = Static<typeof AgreementSchema>;
/** The ways of signing in the deployment offers (GET …/login/methods). */
export type SignInMethods = Static<typeof SignInMethodsSchema>;

export interface CodeSent {
  challengeId: string;
  expiresAt: string;
  /** Where the code went, masked: "+852 ****1234", "c***@example.com". */
  sentTo: string;
  via: 'phone' | 'email';
  contactOnFile: boolean;
  /** 'queued': the first try did not get through at once; the code is retried and may take a little longer. */
  delivery: 'sent' | 'queued';
}

/** The codes of a contact change went to the new contact and, when there is one, the current one (masked). */
export interface ContactCodesSent {
  challengeId: string;
  expiresAt: string;
  sentTo: string;
  oldSentTo: string | null;
}

export interface Session {
  token: string;
  expiresAt: string;
  person: { docType: string; docMasked: string | null; contactMasked: string | null };
}

/** What a code request sends: the API's own body schema. */
export type DocumentInput = Static<typeof CodeRequestBody>;

/** A tap as GET …/taps gives it. */
export interface Tap {
  card: string;
  at: string;
  terminalId: string;
  line: string | null;
  station: string | null;
  decision: string;
  zh: string;
  en: string;
  online: boolean;
  assisted: boolean;
  annulled: boolean;
}

export type Ticket = Static<typeof TicketSchema>;
export type TicketMessage = Static<typeof TicketMessageSchema>;
export interface TicketThread {
  ticket: Ticket;
  messages: TicketMessage[];
}

/** The language of notices and whether reminders are on. */
export interface Preferences {
  lang: 'zh' | 'en';
  reminders: boolean;
}

export type HolderApi = ReturnType<typeof holderApi>;

/** @example const api = holderApi('kit', fallbacks); const { cards } = await api.cards(token) */
export function holderApi(channel: Channel, fallbacks: Fallbacks) {
  const base = `/api/v1/${channel}`;
  const call = <T>(method: string, path: string, body?: unknown, token?: string) =>
    requestJson<T>(fallbacks, method, base + path, { body, token });
  /** The demo notifier's codes for a challenge (a contact change has two), or none where no demo outbox is served. */
  const demoCodes = async (challengeId: string): Promise<Array<{ to: string; code: string }>> => {
    try {
      const outbox = await requestJson<{ messages: Array<{ channel: string; to: string; code: string }> }>(fallbacks, 'GET', `/api/v1/demo/outbox?challengeId=${encodeURIComponent(challengeId)}`);
      return outbox.messages.filter((m) => m.channel === channel).map(({ to, code }) => ({ to, code }));
    } catch {
      return [];
    }
  };
  return {
    requestCode: (document: DocumentInput) => call<CodeSent>('POST', '/login/code', document),
    /** `lang`: the language the holder reads, which their notices are then written in. */
    login: (challengeId: string, code: string, lang: 'zh' | 'en') => call<Session>('POST', '/login', { challengeId, code, lang }),
    signInMethods: () => call<SignInMethods>('GET', '/login/methods'),
    /** The outcome of a sign-in at the provider, kept by the server in a cookie until asked for once. */
    providerSignInResult: () => call<Session>('POST', '/login/oidc/result'),
    logout: (token: string) => call<void>('POST', '/logout', undefined, token),
    agreement: () => call<Agreement>('GET', '/agreement'),
    /** The active cards with their live status, the ones someone else ended lately, and whether reminders go out. */
    cards: (token: string) => call<{ cards: Binding[]; ended: Binding[]; reminders: boolean }>('GET', '/cards', undefined, token),
    /** The medium is the card's own, from its master data: the holder is not asked. */
    upgrade: (token: string, body: { cardNumber: string; agreementVersion: number | null }) =>
      call<{ card: Binding }>('POST', '/cards', body, token),
    unbind: (token: string, bindingId: number) => call<void>('DELETE', `/cards/${bindingId}`, undefined, token),
    taps: (token: string) => call<{ taps: Tap[] }>('GET', '/taps', undefined, token),
    tickets: (token: string) => call<{ tickets: Ticket[] }>('GET', '/tickets', undefined, token),
    openTicket: (token: string, body: { subject: string; body: string; bindingId?: number; lang: 'zh' | 'en' }) =>
      call<TicketThread>('POST', '/tickets', body, token),
    ticket: (token: string, id: number) => call<TicketThread>('GET', `/tickets/${id}`, undefined, token),
    replyTicket: (token: string, id: number, body: string) => call<TicketThread>('POST', `/tickets/${id}/replies`, { body }, token),
    /** The live conversation on one ticket: its event stream's address, and the "typing" signal. */
    ticketEventsUrl: (id: number) => `${base}/tickets/${id}/events`,
    typing: (token: string, id: number) => call<void>('POST', `/tickets/${id}/typing`, undefined, token),
    preferences: (token: string) => call<Preferences>('GET', '/preferences', undefined, token),
    setPreferences: (token: string, change: Partial<Preferences>) => call<Preferences>('PUT', '/preferences', change, token),
    confirmUnbind: (token: string) => call<{ card: string }>('POST', '/links/unbind', { token }),
    remindersOff: (token: string) => call<void>('POST', '/links/reminders-off', { token }),
    exportData: (token: string) => call<unknown>('GET', '/me/export', undefined, token),
    deleteAccount: (token: string) => call<{ bindingsEnded: number }>('DELETE', '/me', undefined, token),
    requestContactChange: (token: string, body: { phone?: string; email?: string; lang: 'zh' | 'en' }) => call<ContactCodesSent>('POST', '/contact/code', body, token),
    confirmContactChange: (token: string, body: { challengeId: string; code: string; oldCode?: string }) => call<{ contactMasked: string }>('POST', '/contact', body, token),
    /** The demo notifier's code for this sign-in, or null where no demo outbox is served (a real deployment). */
    demoCode: async (challengeId: string): Promise<string | null> => (await demoCodes(challengeId))[0]?.code ?? null,
    demoCodes,
  };
}
