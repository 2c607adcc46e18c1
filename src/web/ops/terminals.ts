// /ops#/terminals — the readers: kind, place, list version and lag, last sync (Beijing time) and software, with
// stale, silent, behind and outdated ones marked by an icon and a word as well as colour; enrol (a one-time token, shown once
// with a copy button) and revoke (after a confirmation).
import type { Dashboard, TerminalHealth } from '../../http/operator-schemas.ts';
import { confirmDialog } from '../shared/dialog.ts';
import { h, uid, type Child } from '../shared/dom.ts';
import type { Desk } from '../staff/desk.ts';
import { beijingTime } from '../staff/format.ts';
import { bilingual, ot, type OpsKey } from './messages.ts';
import { duration } from './policy.ts';

const KINDS = ['metro-gate', 'bus-validator', 'staff-device'] as const;
type Kind = (typeof KINDS)[number];

const state = {
  form: { kind: 'metro-gate' as Kind, line: '', station: '' },
  /** The token just issued: kept only until dismissed or the page is left, never fetched again. */
  issued: null as { token: string; expiresAt: string; line: string; station: string } | null,
};

/** Forgets a shown token when the operator leaves the readers' section. */
export function forgetToken(): void {
  state.issued = null;
}

const ICONS = { stale: '⚠', silent: '‖', behind: '↓', outdated: '↑', revoked: '✕', ok: '✓' } as const;

function healthBadges(desk: Desk, x: TerminalHealth): HTMLElement[] {
  const badge = (kind: keyof typeof ICONS, css: string) =>
    h('span', { class: `badge ${css}` }, h('span', { 'aria-hidden': 'true' }, `${ICONS[kind]} `), ot(desk.lang, `health.${kind}`));
  if (x.revoked) return [badge('revoked', 'badge-muted')];
  // Stale says more than silent (its taps already go to a manual check), so a reader shows one or the other.
  const marks = [
    x.stale ? badge('stale', 'badge-warn') : x.silent && badge('silent', 'badge-warn'),
    x.behind && badge('behind', 'badge-caution'),
    x.outdated && badge('outdated', 'badge-caution'),
  ].filter((b): b is HTMLSpanElement => b !== false);
  return marks.length > 0 ? marks : [badge('ok', '')];
}

export function terminalsSection(desk: Desk, dashboard: Dashboard): Child[] {
  const t = (key: OpsKey, params?: Record<string, string | number>) => ot(desk.lang, key, params);
  const rank = (x: TerminalHealth) => (x.revoked ? 9 : x.stale ? 0 : x.silent ? 1 : x.behind ? 2 : x.outdated ? 3 : 4);
  const terminals = [...dashboard.terminals].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  const revoke = (x: TerminalHealth, button: HTMLElement) => void desk.busy(button, async () => {
    const ok = await confirmDialog({
      title: t('revokeTitle'), body: t('revokeBody', { id: x.id, line: x.line, station: x.station }),
      confirm: t('revokeConfirm'), cancel: t('cancel'), danger: true,
    });
    if (!ok) return;
    await desk.api.post(`/api/v1/admin/terminals/${encodeURIComponent(x.id)}/revoke`, {});
    desk.go('terminals', { kind: 'ok', text: bilingual('revoked', { id: x.id }) });
  });
  return [
    state.issued ? tokenPanel(desk) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'terminals-heading' },
      h('h2', { id: 'terminals-heading' }, t('terminalsHeading')),
      thresholdsList(desk, dashboard.readerThresholds),
      terminals.length === 0
        ? h('p', null, t('noTerminals'))
        : h('div', { class: 'ops-scroll' }, h('table', { class: 'desk-table', id: 'terminals' },
            h('thead', null, h('tr', null, (['terminalId', 'kind', 'line', 'station', 'listVersionCol', 'lagCol', 'lastSync', 'software', 'status', 'actions'] as const).map((k) => h('th', { scope: 'col' }, t(k))))),
            h('tbody', null, terminals.map((x) => {
              const button = h('button', { type: 'button', class: 'btn btn-warn btn-small', 'aria-label': t('revokeLabel', { id: x.id }), onclick: () => revoke(x, button) }, t('revoke'));
              return h('tr', { class: x.revoked ? 'revoked' : x.stale || x.silent ? 'stale' : x.behind || x.outdated ? 'outdated' : null, 'data-terminal': x.id },
                h('th', { scope: 'row' }, x.id),
                h('td', null, kindName(desk, x.kind)),
                h('td', null, x.line),
                h('td', null, x.station),
                h('td', null, x.listVersion === null ? '—' : String(x.listVersion)),
                h('td', null, x.lag === null ? '—' : String(x.lag)),
                h('td', null, x.lastSyncAt === null ? t('never') : beijingTime(desk, new Date(x.lastSyncAt).toISOString())),
                h('td', null, x.softwareVersion ?? '—'),
                h('td', null, healthBadges(desk, x)),
                h('td', null, x.revoked ? null : button));
            })))),
    ),
    enrolForm(desk),
  ];
}

/** What each flag means, with the thresholds this server uses, so that a flag can be checked against them. */
function thresholdsList(desk: Desk, x: Dashboard['readerThresholds']): HTMLElement {
  const t = (key: OpsKey, params?: Record<string, string | number>) => ot(desk.lang, key, params);
  const item = (kind: 'stale' | 'silent' | 'behind' | 'outdated', params: Record<string, string | number> = {}) =>
    h('li', null, h('span', { 'aria-hidden': 'true' }, `${ICONS[kind]} `), t(`threshold.${kind}`, { ...params, label: t(`health.${kind}`) }));
  return h('ul', { class: 'muted ops-thresholds', id: 'reader-thresholds' },
    item('stale', { duration: duration(desk, x.staleMs) }),
    item('silent', { duration: duration(desk, x.silentMs) }),
    item('behind', { versions: x.behindVersions, duration: duration(desk, x.behindMs) }),
    item('outdated'));
}

function kindName(desk: Desk, kind: string): string {
  return (KINDS as readonly string[]).includes(kind) ? ot(desk.lang, `kind.${kind as Kind}`) : kind;
}

function enrolForm(desk: Desk): HTMLElement {
  const t = (key: OpsKey) => ot(desk.lang, key);
  const f = state.form;
  const ids = { kind: uid('kind'), line: uid('line'), station: uid('station') };
  const kind = h('select', { id: ids.kind, onchange: () => (f.kind = kind.value as Kind) }, KINDS.map((k) => h('option', { value: k, selected: f.kind === k }, t(`kind.${k}`))));
  const line = h('input', { type: 'text', id: ids.line, value: f.line, required: true, maxlength: 60, oninput: () => (f.line = line.value) });
  const station = h('input', { type: 'text', id: ids.station, value: f.station, required: true, maxlength: 60, oninput: () => (f.station = station.value) });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('issueToken'));
  return h('form', { class: 'panel desk-form', 'aria-labelledby': 'enrol-heading', onsubmit: (event: Event) => {
    event.preventDefault();
    void desk.busy(submit, async () => {
      const placement = { kind: f.kind, line: f.line.trim(), station: f.station.trim() };
      const issued = await desk.api.post<{ token: string; expiresAt: string }>('/api/v1/admin/terminals/enrolments', placement);
      state.issued = { ...issued, line: placement.line, station: placement.station };
      state.form = { kind: f.kind, line: '', station: '' };
      desk.render();
      desk.setNotice({ kind: 'ok', text: bilingual('tokenIssued', { line: placement.line, station: placement.station }) });
      document.getElementById('token-heading')?.focus();
    });
  } },
    h('h2', { id: 'enrol-heading' }, t('enrolHeading')),
    h('p', { class: 'muted' }, t('enrolIntro')),
    h('div', { class: 'ops-fields' },
      h('div', { class: 'field' }, h('label', { for: ids.kind }, t('kind')), kind),
      h('div', { class: 'field' }, h('label', { for: ids.line }, t('line')), line),
      h('div', { class: 'field' }, h('label', { for: ids.station }, t('station')), station)),
    submit);
}

function tokenPanel(desk: Desk): HTMLElement {
  const issued = state.issued!;
  const t = (key: OpsKey, params?: Record<string, string | number>) => ot(desk.lang, key, params);
  const tokenId = uid('token');
  const field = h('input', { type: 'text', id: tokenId, readonly: true, value: issued.token, class: 'ops-token', spellcheck: 'false', onfocus: () => field.select() });
  const copy = h('button', { type: 'button', class: 'btn btn-primary btn-small', onclick: () => void desk.busy(copy, async () => {
    try {
      await navigator.clipboard.writeText(issued.token);
      desk.setNotice({ kind: 'ok', text: bilingual('copied') });
    } catch {
      field.focus();
      field.select();
      desk.setNotice({ kind: 'error', text: bilingual('copyFailed') });
    }
  }) }, t('copy'));
  const dismiss = h('button', { type: 'button', class: 'btn btn-default btn-small', onclick: () => {
    state.issued = null;
    desk.render();
  } }, t('dismissToken'));
  return h('section', { class: 'panel ops-token-panel', 'aria-labelledby': 'token-heading' },
    h('h2', { id: 'token-heading', tabindex: '-1' }, t('tokenHeading')),
    h('label', { for: tokenId, class: 'sr-only' }, t('tokenHeading')),
    field,
    h('p', { class: 'hint' }, t('tokenHint', { time: beijingTime(desk, issued.expiresAt) })),
    h('div', { class: 'desk-actions' }, copy, dismiss));
}
