// My taps: where and when each card was tapped, the decision the reader gave, and for a refusal, in plain
// words, why and what to do.
import { isDecision } from '../../../domain/decisions.ts';
import { h } from '../../shared/dom.ts';
import type { Tap } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { beijingTime, placeName } from '../format.ts';
import type { MessageKey } from '../messages.ts';

let taps: Tap[] = [];

export const tapsScreen: Screen = {
  title: 'tapsHeading',
  needs: 'session',
  back: () => 'cards',
  load: async (app) => {
    taps = (await app.api.taps(app.session!.token)).taps;
  },
  render: (app) => [
    h('p', { class: 'muted' }, app.t('tapsIntro')),
    taps.length === 0
      ? h('div', { class: 'group' }, h('p', { class: 'cell' }, app.t('noTaps')))
      : h('ul', { class: 'group plain', id: 'tap-list' }, taps.map((tap) => tapCell(app, tap))),
  ],
};

function tapCell(app: App, tap: Tap): HTMLElement {
  const passed = tap.decision === 'PASS' || tap.assisted;
  const advice: MessageKey = isDecision(tap.decision) ? `tapDo.${tap.decision}` : 'tapDo.unknown';
  const place = tap.line && tap.station ? app.t('tapPlace', { line: placeName(app, tap.line), station: placeName(app, tap.station) }) : app.t('tapPlaceUnknown', { terminal: tap.terminalId });
  return h(
    'li',
    { class: 'cell card tap', 'data-decision': tap.decision },
    h('span', null,
      h('span', { class: passed ? 'badge' : 'badge badge-warn' }, passed ? '✓' : '✕', ' ', app.text(tap)),
      tap.assisted ? h('span', { class: 'badge' }, app.t('tapAssisted')) : null),
    h('span', null, place),
    h('span', { class: 'muted' }, beijingTime(app, tap.at), ' · ', tap.card, tap.online ? '' : ` · ${app.t('tapOffline')}`),
    tap.annulled ? h('span', { class: 'muted' }, app.t('tapAnnulled')) : null,
    tap.decision === 'PASS' ? null : h('p', { class: 'tap-advice' }, app.t(advice)),
  );
}
