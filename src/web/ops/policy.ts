// /ops#/policy — the entry policy: the one in force, the published versions, and a proposed policy that can
// only be published after its what-if (how every upgraded card would be decided, now vs proposed) has been
// run on exactly the values in the form.
import { DECISIONS, type Decision } from '../../domain/decisions.ts';
import { CODE_COLOURS, type CodeColour } from '../../domain/health.ts';
import { h, replace, uid, type Child } from '../shared/dom.ts';
import type { Desk } from '../staff/desk.ts';
import { beijingTime, facts } from '../staff/format.ts';
import { bilingual, ot, type OpsKey } from './messages.ts';
import { publishDialog } from './publish-dialog.ts';

interface Policy { version: number; passColours: CodeColour[]; maxTestAgeMs: number | null; maxListAgeMs: number; effectiveAt: number }
type PresetName = 'h72' | 'h48' | 'd7';
export interface Policies { inForce: Policy; published: Policy[]; presets: Record<PresetName, Policy> }
interface WhatIf { at: number; boundCards: number; current: Record<Decision, number>; proposed: Record<Decision, number>; moves: Array<{ from: Decision; to: Decision; cards: number }> }

const HOUR = 3_600_000;
const PRESETS: PresetName[] = ['h72', 'h48', 'd7'];

const state = {
  form: { preset: 'h72' as PresetName, colours: ['green'] as CodeColour[], testHours: '72', noTest: false, listMinutes: '720', effective: '', version: '' },
  /** The what-if answer and the request body it answered, as JSON: Publish needs them to match the form. */
  whatIf: null as { asked: string; answer: WhatIf } | null,
};

export async function loadPolicies(desk: Desk): Promise<Policies> {
  const policies = await desk.api.get<Policies>('/api/v1/admin/policies');
  if (!state.form.version) state.form.version = String(nextVersion(policies));
  return policies;
}

const nextVersion = (p: Policies) => Math.max(p.inForce.version, ...p.published.map((x) => x.version)) + 1;

/** A datetime-local value read as Beijing time. */
const fromBeijing = (local: string) => new Date(Date.parse(`${local}:00+08:00`)).toISOString();

function requestBody() {
  const f = state.form;
  return {
    version: Number(f.version),
    passColours: CODE_COLOURS.filter((c) => f.colours.includes(c)),
    maxTestAgeHours: f.noTest ? null : Number(f.testHours),
    maxListAgeMinutes: Number(f.listMinutes),
    ...(f.effective ? { effectiveAt: fromBeijing(f.effective) } : {}),
  };
}

/** A span in the page's language: days when whole and long, else hours or minutes. */
export function duration(desk: Desk, ms: number): string {
  const hours = ms / HOUR;
  if (hours >= 96 && hours % 24 === 0) return ot(desk.lang, 'daysN', { n: hours / 24 });
  return Number.isInteger(hours) ? ot(desk.lang, 'hoursN', { n: hours }) : ot(desk.lang, 'minutesN', { n: Math.round(ms / 60_000) });
}

const colourName = (desk: Desk, c: CodeColour) => ot(desk.lang, `colour.${c}`);

function policyFacts(desk: Desk, p: Policy): HTMLElement {
  const t = (key: OpsKey) => ot(desk.lang, key);
  return facts([
    [t('passColours'), p.passColours.map((c) => colourName(desk, c)).join(desk.lang === 'zh' ? '、' : ', ')],
    [t('maxTestAge'), p.maxTestAgeMs === null ? t('noTestNeeded') : duration(desk, p.maxTestAgeMs)],
    [t('maxListAge'), duration(desk, p.maxListAgeMs)],
    [t('effectiveAt'), p.effectiveAt === 0 ? t('always') : beijingTime(desk, new Date(p.effectiveAt).toISOString())],
  ]);
}

export function policySection(desk: Desk, policies: Policies): Child[] {
  const t = (key: OpsKey, params?: Record<string, string | number>) => ot(desk.lang, key, params);
  const inForce = policies.inForce;
  const isDefault = !policies.published.some((p) => p.version === inForce.version);
  const now = Date.now();
  const status = (p: Policy): OpsKey => (p.version === inForce.version ? 'policyState.inForce' : p.effectiveAt > now ? 'policyState.scheduled' : 'policyState.superseded');
  return [
    h('div', { class: 'desk-columns' },
      h('section', { class: 'panel', 'aria-labelledby': 'in-force-heading', id: 'policy-in-force' },
        h('h2', { id: 'in-force-heading' }, t('inForceHeading')),
        h('p', null, h('strong', null, isDefault ? t('defaultPolicy') : t('policyVersion', { version: inForce.version }))),
        policyFacts(desk, inForce)),
      h('section', { class: 'panel', 'aria-labelledby': 'published-heading' },
        h('h2', { id: 'published-heading' }, t('publishedHeading')),
        policies.published.length === 0
          ? h('p', null, t('noPublished'))
          : h('table', { class: 'desk-table', id: 'published-policies' },
              h('thead', null, h('tr', null, (['version', 'passColours', 'maxTestAge', 'maxListAge', 'effectiveAt', 'status'] as const).map((k) => h('th', { scope: 'col' }, t(k))))),
              h('tbody', null, [...policies.published].sort((a, b) => b.version - a.version).map((p) => h('tr', null,
                h('th', { scope: 'row' }, String(p.version)),
                h('td', null, p.passColours.map((c) => colourName(desk, c)).join(desk.lang === 'zh' ? '、' : ', ')),
                h('td', null, p.maxTestAgeMs === null ? t('noTestNeeded') : duration(desk, p.maxTestAgeMs)),
                h('td', null, duration(desk, p.maxListAgeMs)),
                h('td', null, beijingTime(desk, new Date(p.effectiveAt).toISOString())),
                h('td', null, h('span', { class: `badge${status(p) === 'policyState.inForce' ? '' : ' badge-muted'}` }, t(status(p))))))))),
    ),
    proposalForm(desk, policies),
  ];
}

function proposalForm(desk: Desk, policies: Policies): HTMLElement {
  const t = (key: OpsKey, params?: Record<string, string | number>) => ot(desk.lang, key, params);
  const f = state.form;
  const ids = { test: uid('test-hours'), noTest: uid('no-test'), list: uid('list-minutes'), listHint: uid('list-hint'), effective: uid('effective'), effectiveHint: uid('effective-hint'), version: uid('version'), publishHint: uid('publish-hint') };
  const result = h('div', { id: 'what-if', 'aria-live': 'polite' });
  const changed = () => syncPublish();
  const testHours = h('input', { type: 'number', id: ids.test, min: 1, max: 720, step: 1, value: f.testHours, disabled: f.noTest, oninput: () => { f.testHours = testHours.value; changed(); } });
  const noTest = h('input', { type: 'checkbox', id: ids.noTest, checked: f.noTest, onchange: () => { f.noTest = noTest.checked; testHours.disabled = f.noTest; changed(); } });
  const listMinutes = h('input', { type: 'number', id: ids.list, min: 1, max: 10080, step: 1, value: f.listMinutes, 'aria-describedby': ids.listHint, oninput: () => { f.listMinutes = listMinutes.value; changed(); } });
  const effective = h('input', { type: 'datetime-local', id: ids.effective, value: f.effective, 'aria-describedby': ids.effectiveHint, oninput: () => { f.effective = effective.value; changed(); } });
  const version = h('input', { type: 'number', id: ids.version, min: 1, step: 1, value: f.version, oninput: () => { f.version = version.value; changed(); } });
  const colourBoxes = CODE_COLOURS.map((c) => {
    const id = uid(`colour-${c}`);
    const box = h('input', { type: 'checkbox', id, checked: f.colours.includes(c), onchange: () => {
      f.colours = box.checked ? [...f.colours, c] : f.colours.filter((x) => x !== c);
      changed();
    } });
    return { c, box, element: h('div', { class: 'choice' }, box, h('label', { for: id }, colourName(desk, c))) };
  });
  const applyPreset = (name: PresetName) => {
    const p = policies.presets[name];
    f.preset = name;
    f.colours = [...p.passColours];
    f.noTest = p.maxTestAgeMs === null;
    f.testHours = p.maxTestAgeMs === null ? f.testHours : String(p.maxTestAgeMs / HOUR);
    f.listMinutes = String(p.maxListAgeMs / 60_000);
    testHours.value = f.testHours;
    testHours.disabled = f.noTest;
    noTest.checked = f.noTest;
    listMinutes.value = f.listMinutes;
    for (const { c, box } of colourBoxes) box.checked = f.colours.includes(c);
    changed();
  };
  const whatIfButton = h('button', { type: 'submit', class: 'btn btn-default' }, t('whatIf'));
  const publishButton = h('button', { type: 'button', class: 'btn btn-primary', 'aria-describedby': ids.publishHint, onclick: () => void desk.busy(publishButton, () => publish(desk)) }, t('publish'));
  const publishHint = h('p', { class: 'hint', id: ids.publishHint }, t('publishHint'));
  function syncPublish(): void {
    const fresh = state.whatIf !== null && state.whatIf.asked === JSON.stringify(requestBody());
    publishButton.disabled = !fresh;
    publishHint.hidden = fresh;
    result.classList.toggle('out-of-date', state.whatIf !== null && !fresh);
    replace(result, state.whatIf ? whatIfView(desk, state.whatIf.answer, !fresh) : null);
  }
  syncPublish();
  return h('form', { class: 'panel desk-form ops-proposal', 'aria-labelledby': 'propose-heading', onsubmit: (event: Event) => {
    event.preventDefault();
    void desk.busy(whatIfButton, async () => {
      const body = requestBody();
      const answer = await desk.api.post<WhatIf>('/api/v1/admin/policies/what-if', body);
      state.whatIf = { asked: JSON.stringify(body), answer };
      syncPublish();
    });
  } },
    h('h2', { id: 'propose-heading' }, t('proposeHeading')),
    h('fieldset', null, h('legend', null, t('preset')),
      h('div', { class: 'ops-inline' }, PRESETS.map((name) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'policy-preset', value: name, checked: f.preset === name, onchange: () => applyPreset(name) }), t(`preset.${name}`))))),
    h('fieldset', null, h('legend', null, t('passColours')), h('div', { class: 'ops-inline' }, colourBoxes.map((x) => x.element))),
    h('div', { class: 'ops-fields' },
      h('div', { class: 'field' }, h('label', { for: ids.test }, t('maxTestAgeHours')), testHours,
        h('div', { class: 'choice' }, noTest, h('label', { for: ids.noTest }, t('noTestNeeded')))),
      h('div', { class: 'field' }, h('label', { for: ids.list }, t('maxListAgeMinutes')), h('p', { class: 'hint', id: ids.listHint }, t('maxListAgeHint')), listMinutes),
      h('div', { class: 'field' }, h('label', { for: ids.effective }, t('effectiveAtLabel')), h('p', { class: 'hint', id: ids.effectiveHint }, t('effectiveAtHint')), effective),
      h('div', { class: 'field' }, h('label', { for: ids.version }, t('versionLabel')), version)),
    h('div', { class: 'desk-actions' }, whatIfButton, publishButton),
    publishHint,
    result,
  );
}

function whatIfView(desk: Desk, w: WhatIf, outOfDate: boolean): Child[] {
  const t = (key: OpsKey, params?: Record<string, string | number>) => ot(desk.lang, key, params);
  const label = (d: Decision) => t(`decision.${d}`);
  const rows = DECISIONS.filter((d) => w.current[d] > 0 || w.proposed[d] > 0);
  const delta = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');
  const card = (id: string, key: OpsKey, value: number) => h('div', { class: 'ops-stat' }, h('dt', null, t(key)), h('dd', { id }, String(value)));
  return [
    h('h3', null, t('whatIfHeading')),
    outOfDate ? h('p', { class: 'notice notice-error' }, t('outOfDate')) : null,
    h('p', { class: 'muted' }, t('whatIfAt', { time: beijingTime(desk, new Date(w.at).toISOString()) })),
    h('dl', { class: 'ops-stats' },
      card('what-if-bound', 'boundCards', w.boundCards),
      card('what-if-pass-now', 'passNow', w.current.PASS),
      card('what-if-pass-proposed', 'passProposed', w.proposed.PASS)),
    h('table', { class: 'desk-table ops-counts', id: 'what-if-counts' },
      h('caption', null, t('countsCaption')),
      h('thead', null, h('tr', null, [t('decision'), t('now'), t('proposed'), t('change')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, rows.map((d) => h('tr', { 'data-decision': d },
        h('th', { scope: 'row' }, label(d)), h('td', null, String(w.current[d])), h('td', null, String(w.proposed[d])), h('td', null, delta(w.proposed[d] - w.current[d])))))),
    h('h4', null, t('movesHeading')),
    w.moves.length === 0
      ? h('p', null, t('noMoves'))
      : h('ul', { id: 'what-if-moves' }, [...w.moves].sort((a, b) => b.cards - a.cards).map((m) => h('li', null, t('move', { cards: m.cards, from: label(m.from), to: label(m.to) })))),
  ];
}

async function publish(desk: Desk): Promise<void> {
  const body = requestBody();
  const t = (key: OpsKey, params?: Record<string, string | number>) => ot(desk.lang, key, params);
  // Publish is enabled only while the what-if answered exactly this form, so its impact is this policy's.
  const impact = state.whatIf!.answer;
  const reason = await publishDialog(desk.lang, {
    summary: body.effectiveAt
      ? t('publishBodyAt', { version: body.version, time: beijingTime(desk, body.effectiveAt) })
      : t('publishBodyNow', { version: body.version }),
    impact,
  });
  if (reason === null) return;
  await desk.api.post('/api/v1/admin/policies', { ...body, reason });
  state.whatIf = null;
  state.form.version = '';
  state.form.effective = '';
  desk.go('policy', { kind: 'ok', text: bilingual('published', { version: body.version }) });
}
