// The confirmation before an entry policy is published: it repeats what the what-if found (how many upgraded
// cards stop or start passing, and every move) and asks for the reason, which the audit log keeps. A native
// modal <dialog>, as every confirmation; the focus goes to the reason, which must be given first.
import type { Decision } from '../../domain/decisions.ts';
import { h, uid } from '../shared/dom.ts';
import type { Lang } from '../shared/i18n.ts';
import { ot, type OpsKey } from './messages.ts';

export interface Impact {
  boundCards: number;
  moves: Array<{ from: Decision; to: Decision; cards: number }>;
}

/** How many cards stop and start passing, from the what-if's moves. */
export function passChanges(impact: Impact): { stop: number; start: number } {
  const sum = (keep: (m: Impact['moves'][number]) => boolean) => impact.moves.filter(keep).reduce((n, m) => n + m.cards, 0);
  return { stop: sum((m) => m.from === 'PASS' && m.to !== 'PASS'), start: sum((m) => m.from !== 'PASS' && m.to === 'PASS') };
}

/** The sentences that say the impact, in one language. */
export function impactLines(lang: Lang, impact: Impact): string[] {
  const t = (key: OpsKey, params?: Record<string, string | number>) => ot(lang, key, params);
  const { stop, start } = passChanges(impact);
  const lines = [
    stop > 0 ? t('impactStop', { cards: stop, bound: impact.boundCards }) : null,
    start > 0 ? t('impactStart', { cards: start, bound: impact.boundCards }) : null,
  ].filter((line): line is string => line !== null);
  return lines.length > 0 ? lines : [t('impactNone', { bound: impact.boundCards })];
}

/**
 * Asks to confirm a publication with its reason; resolves to the reason, or null when cancelled.
 * @example const reason = await publishDialog('en', { summary: 'Version 3 takes effect now.', impact: whatIf });
 */
export function publishDialog(lang: Lang, texts: { summary: string; impact: Impact }): Promise<string | null> {
  const t = (key: OpsKey, params?: Record<string, string | number>) => ot(lang, key, params);
  return new Promise((resolve) => {
    const opener = document.activeElement as HTMLElement | null;
    const ids = { title: uid('publish-title'), body: uid('publish-body'), reason: uid('publish-reason'), hint: uid('publish-reason-hint'), error: uid('publish-reason-error') };
    const error = h('p', { class: 'check bad', id: ids.error, hidden: true }, t('publishReasonMissing'));
    const reason = h('textarea', { id: ids.reason, rows: 3, maxlength: 500, 'aria-describedby': `${ids.hint} ${ids.error}`, oninput: () => {
      error.hidden = true;
      reason.removeAttribute('aria-invalid');
    } });
    const cancel = h('button', { type: 'button', class: 'btn btn-default', onclick: () => dialog.close('cancel') }, t('cancel'));
    const confirm = h('button', { type: 'button', class: 'btn btn-primary', onclick: () => {
      if (reason.value.trim()) return dialog.close('confirm');
      error.hidden = false;
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
    } }, t('publishConfirm'));
    const moves = texts.impact.moves.map((m) => h('li', null, t('move', { cards: m.cards, from: t(`decision.${m.from}`), to: t(`decision.${m.to}`) })));
    const dialog = h('dialog', { class: 'confirm ops-publish-dialog', 'aria-labelledby': ids.title, 'aria-describedby': ids.body },
      h('h2', { id: ids.title }, t('publishTitle')),
      h('div', { id: ids.body },
        h('p', null, texts.summary),
        impactLines(lang, texts.impact).map((line) => h('p', { class: 'ops-impact' }, h('strong', null, line))),
        moves.length > 0 ? h('ul', { id: 'publish-moves' }, moves) : null),
      h('div', { class: 'field' },
        h('label', { for: ids.reason }, t('publishReason')),
        h('p', { class: 'hint', id: ids.hint }, t('publishReasonHint')),
        reason, error),
      h('div', { class: 'confirm-actions' }, cancel, confirm));
    dialog.addEventListener('close', () => {
      dialog.remove();
      opener?.focus();
      resolve(dialog.returnValue === 'confirm' ? reason.value.trim() : null);
    });
    document.body.append(dialog);
    dialog.showModal();
    reason.focus();
  });
}
