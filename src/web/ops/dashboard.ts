// /ops live dashboard: key figures, four uPlot charts (taps per minute by decision, decisions in the last hour,
// upgrades over time, readers by list lag) and, for each chart, the same numbers as a table, since a canvas
// says nothing to a screen reader. A refresh updates the view in place, so focus and open tables stay put.
import { DECISIONS, type Decision } from '../../domain/decisions.ts';
import type { Dashboard } from '../../http/operator-schemas.ts';
import { h, replace, type Child } from '../shared/dom.ts';
import type { Desk } from '../staff/desk.ts';
import { beijingTime } from '../staff/format.ts';
import { ChartSlot, type ChartSpec, type Series } from './charts.ts';
import { ot, type OpsKey } from './messages.ts';

const MINUTE = 60_000;

const STYLE: Record<Decision, { colour: string; dash?: number[] }> = {
  PASS: { colour: '#067a3a' },
  NOT_UPGRADED: { colour: '#a15c00', dash: [8, 4] },
  ABNORMAL: { colour: '#b3261e', dash: [2, 3] },
  TEST_EXPIRED: { colour: '#6a3fb5', dash: [10, 3, 2, 3] },
  LIST_STALE: { colour: '#1f5fa8', dash: [4, 4] },
  CARD_LOST: { colour: '#5e5e5e', dash: [1, 4] },
  CARD_BLOCKED: { colour: '#8c4a2f', dash: [12, 6] },
  CARD_REFUNDED: { colour: '#2f6f6f', dash: [6, 2] },
};

const LAG_BUCKETS = [
  { label: '0', test: (lag: number) => lag === 0 },
  { label: '1', test: (lag: number) => lag === 1 },
  { label: '2', test: (lag: number) => lag === 2 },
  { label: '3–5', test: (lag: number) => lag >= 3 && lag <= 5 },
  { label: '6–10', test: (lag: number) => lag >= 6 && lag <= 10 },
  { label: '>10', test: (lag: number) => lag > 10 },
] as const;

/** Axis labels in Beijing time, 24-hour: 'time' → 20:35, 'day' → 20:00 over 11-25. */
function clock(kind: 'time' | 'day'): (seconds: number) => string {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(kind === 'day' ? { month: '2-digit', day: '2-digit' } : {}),
  });
  return (seconds) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(seconds * 1000)).map((p) => [p.type, p.value]));
    return kind === 'day' ? `${parts.hour}:${parts.minute}\n${parts.month}-${parts.day}` : `${parts.hour}:${parts.minute}`;
  };
}

const sum = (counts: Record<Decision, number>) => DECISIONS.reduce((total, d) => total + counts[d], 0);
const iso = (ms: number) => new Date(ms).toISOString();

/** The figures a chart and its table share. */
function figures(desk: Desk, d: Dashboard) {
  const t = (key: OpsKey, params?: Record<string, string | number>) => ot(desk.lang, key, params);
  const nowMinute = Math.floor(d.at / MINUTE);
  const minutes = Array.from({ length: 60 }, (_, i) => nowMinute - 59 + i);
  const byMinute = new Map(d.tapsPerMinute.map((m) => [m.minute, m.counts]));
  const shown = DECISIONS.filter((dec) => dec === 'PASS' || d.lastHour[dec] > 0);
  const readers = d.terminals.filter((x) => !x.revoked);
  const lagCounts = [...LAG_BUCKETS.map((b) => readers.filter((x) => x.lag !== null && b.test(x.lag)).length), readers.filter((x) => x.lag === null).length];
  return {
    t,
    minutes,
    byMinute,
    shown,
    readers,
    lagLabels: [...LAG_BUCKETS.map((b) => b.label), t('neverSynced')],
    lagShort: [...LAG_BUCKETS.map((b) => b.label), t('neverShort')],
    lagCounts,
    thisMinute: byMinute.has(nowMinute) ? sum(byMinute.get(nowMinute)!) : 0,
    lastHour: sum(d.lastHour),
  };
}

function charts(desk: Desk, d: Dashboard, f: ReturnType<typeof figures>): Record<'taps' | 'decisions' | 'bindings' | 'lag', ChartSpec> {
  const decisionSeries = (dec: Decision): Series => ({ label: f.t(`decision.${dec}`), ...STYLE[dec] });
  return {
    taps: {
      kind: 'time', yLabel: f.t('taps'), series: f.shown.map(decisionSeries), x: f.minutes.map((m) => m * 60), xLabel: clock('time'),
      ys: f.shown.map((dec) => f.minutes.map((m) => f.byMinute.get(m)?.[dec] ?? 0)),
    },
    decisions: { kind: 'bars', yLabel: f.t('taps'), series: { label: f.t('taps'), colour: '#1f5fa8' }, labels: DECISIONS.map((dec) => f.t(`short.${dec}`)), values: DECISIONS.map((dec) => d.lastHour[dec]) },
    bindings: {
      kind: 'time', yLabel: f.t('bindings'), series: [{ label: f.t('activeBindings'), colour: '#067a3a' }], xLabel: clock('day'),
      x: d.bindings.perHour.map((p) => p.hour * 3600), ys: [d.bindings.perHour.map((p) => p.active)],
    },
    lag: { kind: 'bars', yLabel: f.t('readers'), series: { label: f.t('readers'), colour: '#6a3fb5' }, labels: f.lagShort, values: f.lagCounts },
  };
}

const table = (caption: string, head: string[], rows: Array<Array<string | number>>) =>
  h('table', { class: 'desk-table ops-data' },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', null, h('tr', null, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, rows.map(([first, ...rest]) => h('tr', null, h('th', { scope: 'row' }, String(first)), rest.map((c) => h('td', null, String(c)))))));

function tables(desk: Desk, d: Dashboard, f: ReturnType<typeof figures>): Record<'taps' | 'decisions' | 'bindings' | 'lag', Child> {
  const minuteRows = f.minutes.filter((m) => f.byMinute.has(m)).reverse()
    .map((m) => [beijingTime(desk, iso(m * MINUTE)), ...f.shown.map((dec) => f.byMinute.get(m)![dec]), sum(f.byMinute.get(m)!)]);
  return {
    taps: minuteRows.length === 0
      ? h('p', null, f.t('noTapsYet'))
      : table(f.t('chartTaps'), [f.t('minute'), ...f.shown.map((dec) => f.t(`decision.${dec}`)), f.t('taps')], minuteRows),
    decisions: table(f.t('chartDecisions'), [f.t('decision'), f.t('taps')], DECISIONS.map((dec) => [f.t(`decision.${dec}`), d.lastHour[dec]])),
    bindings: table(f.t('chartBindings'), [f.t('hour'), f.t('bindings')], [...d.bindings.perHour].reverse().map((p) => [beijingTime(desk, iso(p.hour * 3_600_000)), p.active])),
    lag: table(f.t('chartLag'), [f.t('lag'), f.t('readers')], f.lagLabels.map((label, i) => [label, f.lagCounts[i]!])),
  };
}

const CHARTS = [
  ['taps', 'chartTaps'],
  ['decisions', 'chartDecisions'],
  ['bindings', 'chartBindings'],
  ['lag', 'chartLag'],
] as const;

/** The dashboard as drawn once; `update` puts new figures into the same elements. */
export class DashboardView {
  readonly element: HTMLElement;
  private readonly stamp = h('p', { class: 'muted', id: 'ops-refreshed' });
  private readonly stats = h('dl', { class: 'ops-stats', id: 'ops-figures' });
  private readonly slots = new Map<string, { chart: ChartSlot; legend: HTMLElement; data: HTMLElement; graphic: HTMLElement }>();

  constructor(private readonly desk: Desk, controls: Child) {
    const t = (key: OpsKey) => ot(desk.lang, key);
    const figuresList = CHARTS.map(([name, title]) => {
      const graphic = h('div', { class: 'ops-chart', role: 'img', 'aria-label': t(title), 'data-chart': name });
      // The table scrolls inside the figure, so it takes the focus to be scrolled by keyboard.
      const slot = { chart: new ChartSlot(graphic), legend: h('ul', { class: 'ops-legend', 'aria-hidden': 'true' }), data: h('div', { class: 'ops-data-scroll', tabindex: '0', role: 'region', 'aria-label': t(title) }), graphic };
      this.slots.set(name, slot);
      return h('figure', { class: 'panel ops-figure', 'aria-labelledby': `chart-${name}` },
        h('figcaption', { id: `chart-${name}` }, t(title)),
        graphic, slot.legend,
        h('details', null, h('summary', null, t('showTable')), slot.data));
    });
    this.element = h('section', { 'aria-labelledby': 'dashboard-heading' },
      h('h2', { id: 'dashboard-heading' }, t('dashboardHeading')),
      h('div', { class: 'ops-toolbar' }, this.stamp, controls),
      h('h3', { class: 'sr-only' }, t('figuresHeading')),
      this.stats,
      h('div', { class: 'ops-charts' }, figuresList));
  }

  update(d: Dashboard, refreshSeconds: number): void {
    const f = figures(this.desk, d);
    const t = f.t;
    replace(this.stamp, t('refreshedAt', { time: beijingTime(this.desk, iso(d.at)), seconds: refreshSeconds }));
    const stat = (id: string, label: string, value: string | number, detail?: string) =>
      h('div', { class: 'ops-stat' }, h('dt', null, label), h('dd', { id }, String(value)), detail ? h('dd', { class: 'muted' }, detail) : null);
    const passed = f.lastHour === 0 ? '—' : `${Math.round((d.lastHour.PASS / f.lastHour) * 1000) / 10}%`;
    replace(this.stats,
      stat('ops-taps-minute', t('tapsLastMinute'), f.thisMinute),
      stat('ops-taps-hour', t('tapsLastHour'), f.lastHour),
      stat('ops-pass-share', t('passShare'), passed),
      stat('ops-bindings', t('activeBindings'), d.bindings.physical + d.bindings.nfc, t('bindingsSplit', { physical: d.bindings.physical, nfc: d.bindings.nfc })),
      stat('ops-list-version', t('listVersion'), d.listVersion),
      stat('ops-readers', t('readersHealth'), f.readers.length, t('readersSplit', { stale: f.readers.filter((x) => x.stale).length, silent: f.readers.filter((x) => x.silent && !x.stale).length, behind: f.readers.filter((x) => x.behind).length, outdated: f.readers.filter((x) => x.outdated).length })));
    const specs = charts(this.desk, d, f);
    const data = tables(this.desk, d, f);
    for (const [name, slot] of this.slots) {
      const spec = specs[name as keyof typeof specs];
      slot.chart.draw(spec);
      const series = spec.kind === 'time' ? spec.series : [spec.series];
      replace(slot.legend, series.length > 1 ? series.map((s) => h('li', null, legendSwatch(s), s.label)) : null);
      replace(slot.data, data[name as keyof typeof data]);
    }
  }

  destroy(): void {
    for (const slot of this.slots.values()) slot.chart.destroy();
  }
}

/** A short line in the series' colour and dash, drawn as SVG so the legend matches the chart. */
function legendSwatch(s: Series): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '10');
  const line = document.createElementNS(ns, 'line');
  for (const [k, v] of Object.entries({ x1: '0', y1: '5', x2: '28', y2: '5', stroke: s.colour, 'stroke-width': '3', 'stroke-dasharray': s.dash?.join(' ') ?? '' })) line.setAttribute(k, v);
  svg.append(line);
  return svg;
}
