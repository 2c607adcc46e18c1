// The contact a one-time code goes to: a mobile number (by SMS) or an e-mail address. Visitors from abroad
// often have no mainland number, so both are first-class, and numbers of any country are taken, checked
// against libphonenumber's metadata for mobile numbers (a code cannot be texted to a landline).
import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';
import type { ErrorCode } from './errors.ts';

export type ContactKind = 'phone' | 'email';

/** A checked contact: a phone number in E.164 (`+85291234567`), or an e-mail address with its domain lowercased. */
export interface Contact {
  kind: ContactKind;
  value: string;
}

export type ContactVerdict = { valid: true; contact: Contact } | { valid: false; code: ErrorCode };

// Deliberately loose (RFC 5322 allows far more): one @, no spaces, a dotted domain. The code that arrives is
// the real check.
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/**
 * Checks what a person typed as their phone number or e-mail address. A number without `+` is read as a
 * mainland number (the service is in Beijing).
 * @example checkContact({ email: 'Chan@Example.com' }) // { valid: true, contact: { kind: 'email', value: 'Chan@example.com' } }
 * @example checkContact({ phone: '+852 9123 4567' }) // { valid: true, contact: { kind: 'phone', value: '+85291234567' } }
 */
export function checkContact(given: { phone?: string; email?: string }): ContactVerdict {
  const phone = given.phone?.trim() ?? '';
  const email = given.email?.trim() ?? '';
  if (phone !== '' && email !== '') return { valid: false, code: 'CONTACT_ONE_ONLY' };
  if (email !== '') {
    if (email.length > 254 || !EMAIL.test(email)) return { valid: false, code: 'CONTACT_EMAIL_INVALID' };
    const at = email.lastIndexOf('@');
    return { valid: true, contact: { kind: 'email', value: `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}` } };
  }
  if (phone !== '') {
    const parsed = /^[+\d][\d\s().-]{4,24}$/.test(phone) ? parsePhoneNumberFromString(phone, 'CN') : undefined;
    if (!parsed?.isValid()) return { valid: false, code: 'CONTACT_PHONE_INVALID' };
    return { valid: true, contact: { kind: 'phone', value: parsed.number } };
  }
  return { valid: false, code: 'CONTACT_REQUIRED' };
}

/**
 * A contact as shown back to its owner: enough to recognise it, not enough to learn it.
 * @example maskContact({ kind: 'phone', value: '+85291231234' }) === '+852 ****1234'
 * @example maskContact({ kind: 'email', value: 'chan.tai.man@example.com' }) === 'c***@example.com'
 */
export function maskContact(contact: Contact): string {
  if (contact.kind === 'email') {
    const at = contact.value.lastIndexOf('@');
    return `${contact.value.slice(0, 1)}***@${contact.value.slice(at + 1)}`;
  }
  const parsed = parsePhoneNumberFromString(contact.value);
  const country = parsed ? `+${parsed.countryCallingCode}` : contact.value.slice(0, 3);
  return `${country} ****${contact.value.slice(-4)}`;
}

/** Two contacts are the same place to send a code to. */
export const sameContact = (a: Contact, b: Contact): boolean => a.kind === b.kind && a.value.toLowerCase() === b.value.toLowerCase();
