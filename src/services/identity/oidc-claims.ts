// A provider's claims → our document. Which claim carries what is configuration (YKT_OIDC_CLAIMS, and
// YKT_OIDC_DOCUMENT_TYPES for the provider's own names of document types); the document is then checked by
// the same rules as one typed into the page. Claims are personal data: nothing here logs, and a refusal
// names the rule that failed, never a value.
import type { ClaimMapping, OidcConfig } from '../../config-oidc.ts';
import { checkContact, type Contact } from '../../domain/contacts.ts';
import { checkDocument, type TravelDocument } from '../../domain/documents.ts';
import { YktError } from '../../domain/errors.ts';

/** A person as a provider vouches for them. */
export interface ProvenIdentity {
  document: TravelDocument;
  name?: string;
  /** The e-mail address and phone number the provider says it verified (standard claims), best first. */
  contacts: Contact[];
}

/** The text of the claim at a dotted name ("id_document.number"), or undefined. */
function claimAt(claims: Record<string, unknown>, name: string): string | undefined {
  let value: unknown = claims;
  for (const part of name.split('.')) {
    value = value !== null && typeof value === 'object' && Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function documentType(raw: string, types: OidcConfig['documentTypes']): string | undefined {
  if (!types) return raw;
  // Own keys only: a value like "constructor" must not find something on Object's prototype.
  return Object.hasOwn(types, raw) ? types[raw] : undefined;
}

/** OpenID Connect's standard verified contacts: a verified e-mail address, then a verified phone number. */
function verifiedContacts(claims: Record<string, unknown>): Contact[] {
  const given = [
    claims.email_verified === true ? { email: claimAt(claims, 'email') } : {},
    claims.phone_number_verified === true ? { phone: claimAt(claims, 'phone_number') } : {},
  ];
  return given.flatMap((one) => {
    const verdict = checkContact(one);
    return verdict.valid ? [verdict.contact] : [];
  });
}

/**
 * The person the claims describe.
 * @throws YktError OIDC_CLAIMS_UNUSABLE when the mapped claims give no document we accept; `details.document`
 *   then names the document rule that failed (DOC_…), for the operator who checks the mapping.
 * @example identityFromClaims({ id_doc_type: 'passport', id_doc_number: 'E1234567', nationality: 'GBR' }, settings, new Date())
 */
export function identityFromClaims(claims: Record<string, unknown>, settings: { claims: ClaimMapping; documentTypes: OidcConfig['documentTypes'] }, now: Date): ProvenIdentity {
  const mapping = settings.claims;
  const rawType = claimAt(claims, mapping.type);
  const number = claimAt(claims, mapping.number);
  const type = rawType === undefined ? undefined : documentType(rawType, settings.documentTypes);
  if (type === undefined || number === undefined) throw new YktError('OIDC_CLAIMS_UNUSABLE');
  const state = mapping.state === undefined ? undefined : claimAt(claims, mapping.state);
  const verdict = checkDocument({ type, number, ...(state === undefined ? {} : { state }) }, now);
  if (!verdict.valid) throw new YktError('OIDC_CLAIMS_UNUSABLE', { document: verdict.code });
  const name = mapping.name === undefined ? undefined : claimAt(claims, mapping.name);
  return { document: verdict.document, ...(name === undefined ? {} : { name }), contacts: verifiedContacts(claims) };
}
