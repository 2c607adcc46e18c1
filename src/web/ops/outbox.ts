// /ops#/messages — outgoing messages: how many wait to be sent, were sent this week or were given up, and each
// one given up (failed after its last try, or expired unsent) with its kind, recipient (masked), tries and the
// reason, newest first. A failed one has a Retry button, which queues it again and tries it at once.
import type { OutboxReport, QueuedMessageView } from '../../http/operator-outbox-schemas.ts';
import { h, type Child } from '../shared/dom.ts';
import type { Desk } from '../staff/desk.ts';
import { beijingTime } from '../staff/format.ts';
import { bilingual, ot, type OpsKey } from './messages.ts';

const COUNTS = ['pending', 'failed', 'expired', 'sent'] as const;
const KINDS = ['code', 'reply', 'ticket-replied', 'unbind-confirm', 'card-unbound', 'refund-completed', 'pass-lapsing', 'contact-changed'] as const;

export const loadOutbox = (desk: Desk): Promise<OutboxReport> => desk.api.get<OutboxReport>('/api/v1/admin/messages');

/** A message kind's name; a kind this page does not know yet (added later) shows as it is. */
const kindName = (desk: Desk, kind: string): string => ((KINDS as readonly string[]).includes(kind) ? ot(desk.lang, `messageKind.${kind as (typeof KINDS)[number]}`) : kind);

export function outboxSection(desk: Desk, report: OutboxReport): Child[] {
  const t = (key: OpsKey, params?: Record<string, string | number>) => ot(desk.lang, key, params);
  const retry = (m: QueuedMessageView, button: HTMLElement) => void desk.busy(button, async () => {
    const after = await desk.api.post<QueuedMessageView>(`/api/v1/admin/messages/${m.id}/retry`, {});
    desk.go('messages', { kind: 'ok', text: bilingual(after.status === 'sent' ? 'retrySent' : 'retryQueued', { id: m.id }) });
  });
  return [
    h('section', { class: 'panel', 'aria-labelledby': 'messages-heading' },
      h('h2', { id: 'messages-heading' }, t('messagesHeading')),
      h('p', { class: 'muted' }, t('messagesIntro')),
      h('dl', { class: 'ops-stats', id: 'message-counts' },
        COUNTS.map((s) => h('div', { class: 'ops-stat' }, h('dt', null, t(`messageCount.${s}`)), h('dd', { id: `messages-${s}` }, String(report.counts[s]))))),
      h('h3', null, t('failuresHeading')),
      report.failures.length === 0
        ? h('p', null, t('noFailures'))
        : h('div', { class: 'ops-scroll' }, h('table', { class: 'desk-table', id: 'message-failures' },
            h('thead', null, h('tr', null, (['messageCreated', 'messageKind', 'messageTo', 'status', 'messageTries', 'messageReason', 'actions'] as const).map((k) => h('th', { scope: 'col' }, t(k))))),
            h('tbody', null, report.failures.map((m) => {
              const button = h('button', { type: 'button', class: 'btn btn-default btn-small', 'aria-label': t('retryLabel', { id: m.id }), onclick: () => retry(m, button) }, t('retry'));
              return h('tr', { 'data-message': String(m.id), class: m.status },
                h('th', { scope: 'row' }, beijingTime(desk, m.createdAt)),
                h('td', null, kindName(desk, m.kind)),
                h('td', null, m.to),
                h('td', null, t(m.status === 'failed' ? 'messageStatus.failed' : 'messageStatus.expired')),
                h('td', null, String(m.attempts)),
                h('td', null, h('code', null, m.reason ?? '—')),
                h('td', null, m.status === 'failed' ? button : null));
            })))),
    ),
  ];
}
