// OpenID Connect sign-in settings (docs/deploy.md, "Sign-in with OpenID Connect"), checked together when the
// configuration loads. The schema in config.ts checks each variable's form; this checks what only makes sense
// across them: everything the flow needs is given once `oidc` is listed, nothing of it is given when it is
// not (a half-configured provider would silently do nothing), the claim mapping names the claims a document
// needs, and the addresses are https except on loopback, since the flow's cookies and the provider's answers
// must not cross a network in clear.
import { DOCUMENT_TYPES, isDocumentType, type DocumentType } from './domain/documents.ts';

/**
 * Which claim carries each part of the document. A dotted name reaches into an object claim
 * ("id_document.number"); `state` is needed for passports, `name` is optional.
 */
export interface ClaimMapping {
  type: string;
  number: string;
  state?: string;
  name?: string;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** The origin holders reach this service at; the redirect URLs are made from it. */
  publicUrl: string;
  scopes: string;
  /** The provider as the sign-in button names it: "使用{zh}登录", "Sign in with {en}". */
  name: { zh: string; en: string };
  claims: ClaimMapping;
  /** The provider's document type values → ours; undefined: the type claim carries our names. */
  documentTypes: Readonly<Record<string, DocumentType>> | undefined;
  /** Plain http to the provider: only ever for an issuer on loopback (a provider a test or a laptop runs). */
  insecure: boolean;
}

/** The variables read here, as the schema has already checked them. */
export interface OidcVariables {
  YKT_IDENTITY: string;
  YKT_PUBLIC_URL?: string;
  YKT_OIDC_ISSUER?: string;
  YKT_OIDC_CLIENT_ID?: string;
  YKT_OIDC_CLIENT_SECRET?: string;
  YKT_OIDC_SCOPES: string;
  YKT_OIDC_NAME?: string;
  YKT_OIDC_CLAIMS?: string;
  YKT_OIDC_DOCUMENT_TYPES?: string;
}

type Problem = { variable: string; problem: string };

const REQUIRED = ['YKT_PUBLIC_URL', 'YKT_OIDC_ISSUER', 'YKT_OIDC_CLIENT_ID', 'YKT_OIDC_NAME', 'YKT_OIDC_CLAIMS'] as const;
const OPTIONAL = ['YKT_OIDC_CLIENT_SECRET', 'YKT_OIDC_DOCUMENT_TYPES'] as const;
const MAPPED = ['type', 'number', 'state', 'name'] as const;

const isLoopback = (url: URL) => ['localhost', '[::1]'].includes(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);

function httpsUnlessLoopback(variable: string, value: string, problems: Problem[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push({ variable, problem: 'must be a URL' });
    return new URL('https://invalid.');
  }
  if (url.protocol !== 'https:' && !isLoopback(url)) problems.push({ variable, problem: 'must be https:// (plain http only on loopback, for a local test)' });
  return url;
}

function jsonObject(variable: string, value: string, problems: Problem[]): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Reported below, as for any other value that is not a JSON object.
  }
  problems.push({ variable, problem: 'must be a JSON object' });
  return undefined;
}

function claimMapping(value: string, problems: Problem[]): ClaimMapping | undefined {
  const variable = 'YKT_OIDC_CLAIMS';
  const given = jsonObject(variable, value, problems);
  if (!given) return undefined;
  const wrong = Object.entries(given).filter(([key, claim]) => !(MAPPED as readonly string[]).includes(key) || typeof claim !== 'string' || claim === '');
  if (wrong.length > 0 || typeof given.type !== 'string' || typeof given.number !== 'string') {
    problems.push({ variable, problem: `must map "type" and "number" (and may map "state" and "name") to claim names, e.g. {"type":"id_doc_type","number":"id_doc_number","state":"nationality","name":"name"}` });
    return undefined;
  }
  return given as unknown as ClaimMapping;
}

function documentTypes(value: string, problems: Problem[]): Record<string, DocumentType> | undefined {
  const variable = 'YKT_OIDC_DOCUMENT_TYPES';
  const given = jsonObject(variable, value, problems);
  if (!given) return undefined;
  if (!Object.values(given).every((type) => typeof type === 'string' && isDocumentType(type))) {
    problems.push({ variable, problem: `must map the provider's values to ours: ${DOCUMENT_TYPES.join(', ')}, e.g. {"PP":"passport"}` });
    return undefined;
  }
  return given as Record<string, DocumentType>;
}

/** "健康宝|Health Kit" names the provider in each language; one name serves both. */
function bilingualName(value: string, problems: Problem[]): { zh: string; en: string } {
  const [zh = '', en = zh, ...rest] = value.split('|').map((part) => part.trim());
  if (zh === '' || en === '' || rest.length > 0) problems.push({ variable: 'YKT_OIDC_NAME', problem: 'must be "中文名|English name", or one name for both' });
  return { zh, en };
}

/**
 * The OpenID Connect settings when YKT_IDENTITY lists `oidc`, and every problem with them at once.
 * @example readOidcConfig({ YKT_IDENTITY: 'document-code', YKT_OIDC_SCOPES: 'openid' }) // → { oidc: undefined, problems: [] }
 */
export function readOidcConfig(vars: OidcVariables): { oidc: OidcConfig | undefined; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!vars.YKT_IDENTITY.split(',').includes('oidc')) {
    for (const variable of [...REQUIRED, ...OPTIONAL]) {
      if (vars[variable] !== undefined && variable !== 'YKT_PUBLIC_URL') problems.push({ variable, problem: 'is an OpenID Connect setting: add oidc to YKT_IDENTITY to offer that sign-in, or remove it' });
    }
    return { oidc: undefined, problems };
  }
  for (const variable of REQUIRED) {
    if (vars[variable] === undefined) problems.push({ variable, problem: 'is required when YKT_IDENTITY lists oidc (docs/deploy.md, "Sign-in with OpenID Connect")' });
  }
  const { YKT_PUBLIC_URL: publicUrl, YKT_OIDC_ISSUER: issuer, YKT_OIDC_CLIENT_ID: clientId, YKT_OIDC_NAME: name, YKT_OIDC_CLAIMS: claims } = vars;
  if (!publicUrl || !issuer || !clientId || !name || !claims) return { oidc: undefined, problems };
  const oidc: OidcConfig = {
    issuer,
    clientId,
    publicUrl: httpsUnlessLoopback('YKT_PUBLIC_URL', publicUrl, problems).origin,
    scopes: vars.YKT_OIDC_SCOPES,
    name: bilingualName(name, problems),
    claims: claimMapping(claims, problems) ?? { type: '', number: '' },
    documentTypes: vars.YKT_OIDC_DOCUMENT_TYPES === undefined ? undefined : documentTypes(vars.YKT_OIDC_DOCUMENT_TYPES, problems),
    insecure: httpsUnlessLoopback('YKT_OIDC_ISSUER', issuer, problems).protocol !== 'https:',
  };
  return { oidc: problems.length === 0 ? oidc : undefined, problems };
}
