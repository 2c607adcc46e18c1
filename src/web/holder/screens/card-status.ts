// The words for a card's live status on My cards: whether a tap passes now and until when, or why not and
// what to do; the reminder before the pass lapses; and, for a binding someone else ended, what happened when.
import { h } from '../../shared/dom.ts';
import type { Binding } from '../api.ts';
import type { App } from '../app.ts';
import { beijingTime } from '../format.ts';

const HOUR_MS = 3_600_000;

/** One line saying what a tap of the card gets now; green when it passes. */
export function cardStatusLine(app: App, card: Binding): HTMLElement | null {
  const status = card.status;
  if (!status) return null;
  const since = card.cardStateSince ? beijingTime(app, card.cardStateSince) : '';
  const line = (good: boolean, text: string) => h('p', { class: `status ${good ? 'status-good' : 'status-bad'}` }, text);
  switch (status.kind) {
    case 'passes': {
      if (!status.passUntil) return line(true, app.t('status.passesNoTest'));
      // Counted on the phone's clock when drawn: the page may stay open for a while.
      const hours = Math.floor((Date.parse(status.passUntil) - Date.now()) / HOUR_MS);
      const until = beijingTime(app, status.passUntil);
      return line(true, hours >= 1 ? app.t('status.passes', { until, hours }) : app.t('status.passesUnderHour', { until }));
    }
    case 'test-expired':
      return line(false, app.t('status.testExpired', { time: beijingTime(app, status.passUntil ?? card.since) }));
    case 'no-test':
      return line(false, app.t('status.noTest'));
    case 'not-green':
      return line(false, app.t('status.notGreen'));
    case 'no-record':
      return line(false, app.t('status.noRecord'));
    case 'lost':
      return line(false, app.t('status.lost', { time: since }));
    case 'blocked':
      return line(false, app.t('status.blocked', { time: since }));
    case 'refunded':
      return line(false, app.t('status.refunded', { time: since }));
  }
}

/** The reminder before a pass lapses (messages issue): when it comes, or that reminders are off. */
export function reminderLine(app: App, card: Binding): HTMLElement | null {
  const status = card.status;
  if (status?.kind !== 'passes' || !status.passUntil) return null;
  if (status.remindAt) return h('p', { class: 'muted' }, app.t('remindAt', { time: beijingTime(app, status.remindAt) }));
  if (app.reminders) return null;
  return h('p', { class: 'muted' }, app.t('remindersOffNote'), ' ', h('a', { class: 'inline-link', href: '#/notices' }, app.t('menuNotices')));
}

/** What ended a binding the holder did not end themselves, and when. */
export function endedLine(app: App, card: Binding): string {
  const time = beijingTime(app, card.endedAt ?? card.since);
  if (card.endReason === 'refund') return app.t('ended.refund', { time });
  if (card.endReason === 'agent') return app.t('ended.agent', { time });
  return app.t('ended.other', { time });
}
