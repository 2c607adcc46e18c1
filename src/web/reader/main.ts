// The reader display (/reader): this page IS a reader, for demos and staff training. It enrols with a
// one-time token an operator issues (or, in the demo only, one the server hands out), keeps its credentials and list keys in this
// browser's storage, runs the reader SDK (ReaderList + ReaderSync + TapQueue) against the live list, and
// shows for each typed-in card number what a gate shows: the colour, an icon, the zh and en text, and says
// it aloud (zh, then en), or beeps where the browser cannot speak.
import { describeDecision, Decision, type DecisionCue } from '../../domain/decisions.ts';
import { normalizeCardNumber } from '../../domain/cards.ts';
import { ERROR_CODES, errorEntry, type ErrorCode } from '../../domain/errors.ts';
import { ReaderList, TapQueue } from '../../readers/sdk/index.ts';
import { ReaderSync } from '../../readers/sdk/sync.ts';
import { enrolReader } from '../../readers/sdk/enrol.ts';
import { ApiError, fallbacksFrom, requestJson } from '../shared/api.ts';
import { h, replace, uid, whileBusy } from '../shared/dom.ts';
import { fill } from '../shared/i18n.ts';
import { langSwitch } from '../shared/lang-switch.ts';
import { NoticeRegion } from '../shared/notices.ts';
import { messages, type ReaderMessageKey } from './messages.ts';
import { play } from './sound.ts';
import { hush, speak } from './speech.ts';

const STORAGE_KEY = 'ykt.reader';
const SOFTWARE = 'reader-display/1';
/** How long a decision stays on the screen before the gate is ready again, as on a real gate. */
const SHOW_MS = 5_000;

interface StoredReader {
  terminalId: string;
  credentials: string;
  rootKeys: Array<[number, string]>;
  hashKeys: Array<[number, string]>;
  revokedKeyIds: number[];
}

const langs = langSwitch('lang', () => renderBody());
const t = (key: ReaderMessageKey, params?: Record<string, string | number>) => fill(messages[langs.lang][key], params);

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

function loadReader(): StoredReader | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<StoredReader>) : null;
    // Enrolled before readers trusted root keys only: enrol again.
    return parsed && Array.isArray(parsed.rootKeys) ? (parsed as StoredReader) : null;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ the running reader

let stored = loadReader();
let reader: { list: ReaderList; sync: ReaderSync; queue: TapQueue } | null = null;
let shown: { decision: Decision; cue: DecisionCue; until: number } | null = null;
let soundOn = true;

function startReader(s: StoredReader): void {
  const keys = (list: Array<[number, string]>) => new Map(list.map(([id, k]) => [id, fromB64(k)]));
  const list = new ReaderList({ rootKeys: keys(s.rootKeys), hashKeys: keys(s.hashKeys), revokedKeyIds: s.revokedKeyIds });
  let sync: ReaderSync | null = null;
  const queue = new TapQueue({ terminal: s.terminalId, upload: (batch) => sync!.upload(batch) });
  sync = new ReaderSync({ baseUrl: location.origin, credentials: s.credentials, list, queue, softwareVersion: SOFTWARE, onChange: () => renderStatus() });
  reader = { list, sync, queue };
  sync.start();
}

/**
 * Whether the list may not be trusted now (none, or older than the policy's maximum age). The SDK keeps
 * that rule inside decide(); asking it about a number no card has gives LIST_STALE exactly then.
 */
const isStale = (now: number) => !reader || reader.list.decide('0', now) === Decision.LIST_STALE;

function tap(cardNumber: string): void {
  if (!reader) return;
  const number = normalizeCardNumber(cardNumber);
  const now = Date.now();
  const decision = reader.list.decide(number, now);
  reader.queue.recordTap(reader.list, number, decision, now);
  void reader.sync.drain();
  const cue = describeDecision(decision);
  shown = { decision, cue, until: now + SHOW_MS };
  renderScreen();
  renderStatus();
  if (soundOn && !speak(cue)) play(cue.sound);
}

// ------------------------------------------------------------------ the page

const title = h('h1');
const screen = h('section', { class: 'screen idle', id: 'gate', 'aria-live': 'assertive', 'aria-atomic': 'true' });
const body = h('div');
const statusPanel = h('section', { class: 'panel', 'aria-labelledby': 'status-title' });
const problems = new NoticeRegion('error');

function renderScreen(): void {
  const now = Date.now();
  const active = shown && shown.until > now ? shown : null;
  const decision = active?.decision ?? (stored && isStale(now) ? Decision.LIST_STALE : null);
  if (decision === null) {
    screen.className = 'screen idle';
    screen.dataset.decision = 'READY';
    replace(screen, h('div', null, h('div', { class: 'icon', 'aria-hidden': 'true' }, '▭'), h('p', { class: 'zh', lang: 'zh-CN' }, t('ready')), h('p', { class: 'en', lang: 'en' }, t('readyEn'))));
    return;
  }
  const cue = active?.cue ?? describeDecision(decision);
  screen.className = `screen light-${cue.light}`;
  screen.dataset.decision = decision;
  screen.dataset.light = cue.light;
  const icon = cue.light === 'green' ? '✓' : cue.light === 'amber' ? '!' : '✕';
  replace(screen, h('div', null,
    h('div', { class: 'icon', 'aria-hidden': 'true' }, icon),
    h('p', { class: 'zh', lang: 'zh-CN' }, cue.zh),
    h('p', { class: 'en', lang: 'en' }, cue.en),
    h('p', { class: 'reason' }, t('reason', { reason: cue.reason }))));
}

function renderStatus(): void {
  if (!reader || !stored) return;
  const now = Date.now();
  const age = reader.list.listAge(now);
  const stale = isStale(now);
  replace(statusPanel,
    h('h2', { id: 'status-title' }, t('statusHeading')),
    h('dl', { class: 'status' },
      h('dt', null, t('terminal')), h('dd', { id: 'terminal-id' }, stored.terminalId),
      h('dt', null, t('sync')), h('dd', { id: 'sync-state' }, t(`sync.${reader.sync.state}`)),
      h('dt', null, t('listVersion')), h('dd', { id: 'list-version' }, reader.list.version === 0 ? t('noList') : String(reader.list.version)),
      h('dt', null, t('listAge')), h('dd', { id: 'list-age', class: stale ? 'stale' : '' }, Number.isFinite(age) ? t('ageSeconds', { seconds: Math.max(0, Math.round(age / 1000)) }) : t('noList'), stale ? ` · ${t('stale')}` : ''),
      h('dt', null, t('pending')), h('dd', { id: 'pending' }, String(reader.queue.pending))),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'btn', 'aria-pressed': String(soundOn), onclick: () => { soundOn = !soundOn; if (!soundOn) hush(); renderStatus(); } }, `${t('sound')}: ${t(soundOn ? 'soundOn' : 'soundOff')}`),
      h('button', { type: 'button', class: 'btn', onclick: () => void forget() }, t('forget'))));
}

function tapPanel(): HTMLElement {
  const id = uid('card');
  const hint = uid('card-hint');
  const input = h('input', { id, type: 'text', inputmode: 'numeric', autocomplete: 'off', 'aria-describedby': hint });
  return h('form', { class: 'panel', 'aria-labelledby': 'tap-title', onsubmit: (e: Event) => { e.preventDefault(); tap(input.value); input.select(); } },
    h('h2', { id: 'tap-title' }, t('tapHeading')),
    h('label', { for: id }, t('cardNumber')),
    h('p', { class: 'hint', id: hint }, t('cardHint')),
    input,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('tap'))));
}

/** Whether this server is the demo (it then hands out training-gate tokens); unknown until it answers. */
let demoServer: boolean | undefined;

async function askDemo(): Promise<void> {
  // GET /api/v1/demo exists in the demo only: production answers 404, and there an operator enrols readers.
  demoServer = await fetch('/api/v1/demo', { headers: { accept: 'application/json' } }).then((r) => r.ok, () => false);
  if (!stored) renderBody();
}

function enrolPanel(): HTMLElement {
  const id = uid('token');
  const input = h('input', { id, type: 'text', autocomplete: 'off' });
  const enrolButton = h('button', { type: 'submit', class: 'btn btn-primary' }, t('enrol'));
  const demoButton = h('button', { type: 'button', class: 'btn', onclick: () => void busy(demoButton, async () => enrol((await requestJson<{ token: string }>(fallbacksFrom(messages), 'POST', '/api/v1/demo/reader-enrolment')).token)) }, t('demoEnrol'));
  return h('form', { class: 'panel', 'aria-labelledby': 'enrol-title', onsubmit: (e: Event) => { e.preventDefault(); void busy(enrolButton, () => enrol(input.value.trim())); } },
    h('h2', { id: 'enrol-title' }, t('enrolHeading')),
    h('p', null, t('enrolText')),
    h('label', { for: id }, t('token')),
    input,
    h('div', { class: 'row' }, enrolButton, ...(demoServer ? [demoButton] : [])),
    ...(demoServer === false ? [h('p', { id: 'operator-enrols' }, t('operatorEnrols'))] : []));
}

function busy(button: HTMLElement, action: () => Promise<void>): Promise<void> {
  return whileBusy(button, action, {
    start: () => problems.show(),
    fail: (error) => problems.show(problemText(error)),
  });
}

/**
 * What a failure means, in the page's language. The SDK's enrolment errors carry only the catalogue code,
 * so its text is looked up here; a fetch that never reached the server throws a TypeError.
 */
function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.text[langs.lang];
  const code = error instanceof Error && 'code' in error ? error.code : null;
  if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) return errorEntry(code as ErrorCode)[langs.lang];
  return error instanceof TypeError ? t('networkError') : t('unexpectedError');
}

async function enrol(token: string): Promise<void> {
  const e = await enrolReader({ baseUrl: location.origin, token, softwareVersion: SOFTWARE });
  stored = {
    terminalId: e.terminalId,
    credentials: e.credentials,
    rootKeys: [...e.rootKeys].map(([id, k]) => [id, toB64(k)]),
    hashKeys: [...e.hashKeys].map(([id, k]) => [id, toB64(k)]),
    revokedKeyIds: e.revokedKeyIds,
  };
  // A training device: the credentials live in this browser's storage, as the brief for the display asks.
  localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
  startReader(stored);
  renderBody();
}

async function forget(): Promise<void> {
  await reader?.sync.stop();
  reader = null;
  stored = null;
  shown = null;
  localStorage.removeItem(STORAGE_KEY);
  renderBody();
}

function renderBody(): void {
  document.title = t('title');
  replace(title, t('title'));
  if (!globalThis.crypto?.subtle) problems.show(t('noCrypto'));
  replace(body, stored ? [tapPanel(), statusPanel] : enrolPanel());
  renderScreen();
  renderStatus();
}

replace(document.getElementById('root')!, h('header', null, title, langs.element), h('main', null, screen, problems.element, body));
if (stored) startReader(stored);
renderBody();
void askDemo();
// The age ticks, and the screen returns to ready (or to LIST_STALE) without a tap.
setInterval(() => {
  renderScreen();
  renderStatus();
}, 500);
