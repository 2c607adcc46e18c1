// /outlet — the outlet desk: card refunds (退卡) — compute a card's refund by the rules at this outlet, refund
// it after a confirmation, and print the bilingual receipt (#/receipt/<no>) — and a new contact for a
// holder's sign-in codes (#/contact, outlet-contact.ts).
import { confirmDialog } from '../../shared/dialog.ts';
import { h, uid, type Child } from '../../shared/dom.ts';
import { htmlLang, LANGS, type Bilingual, type Lang } from '../../shared/i18n.ts';
import type { Desk, DeskPage } from '../desk.ts';
import { beijingTime, facts, productName, yuan } from '../format.ts';
import { messages } from '../messages.ts';
import { cardFacts, lookupForm, type CardView } from './card.ts';
import { contactTask } from './outlet-contact.ts';

interface Line { kind: string; fen: number; label: Bilingual }
type Quote =
  | { outcome: 'REFUND'; rulesVersion: number; lines: Line[]; totalFen: number }
  | { outcome: 'ALREADY_REFUNDED'; rulesVersion: number }
  | { outcome: 'GO_ELSEWHERE' | 'SELF_OPERATED_ONLY'; rulesVersion: number; text: Bilingual };

interface Receipt {
  receiptNo: string;
  at: string;
  outlet: { code: string; name: Bilingual; selfOperated: boolean };
  card: string;
  product: string;
  lines: Line[];
  totalFen: number;
  rulesVersion: number;
  bindingEnded: boolean;
  clerk: string | null;
}

interface Post { post: { code: string; name: Bilingual; selfOperated: boolean } | null; rules: { version: number } | null }

const state = {
  form: { cardNumber: '', damaged: false, chipUnreadable: false },
  asked: { cardNumber: '', damaged: false, chipUnreadable: false },
  post: null as Post | null,
  quote: null as { card: CardView; quote: Quote } | null,
  receipt: null as Receipt | null,
};

export const outletPage: DeskPage = {
  title: 'outletHeading',
  load: async (desk, route) => {
    state.post = await desk.api.get<Post>('/api/v1/outlet/post');
    state.receipt = route[0] === 'receipt' && route[1] ? await desk.api.get<Receipt>(`/api/v1/outlet/refunds/${encodeURIComponent(route[1])}`) : null;
    if (route[0] === 'contact') contactTask.load();
  },
  render: (desk, route) => {
    if (route[0] === 'receipt' && state.receipt) return receiptView(desk, state.receipt);
    const contact = route[0] === 'contact';
    return [postLine(desk), tasks(desk, contact), ...(contact ? contactTask.render(desk) : deskView(desk))];
  },
};

/** The desk's two tasks, as links: the current one marked for assistive technology too. */
function tasks(desk: Desk, contact: boolean): HTMLElement {
  const link = (href: string, key: 'task.refund' | 'task.contact', current: boolean) =>
    h('li', null, h('a', { class: current ? 'btn btn-primary btn-small' : 'btn btn-default btn-small', href, ...(current ? { 'aria-current': 'page' } : {}) }, desk.t(key)));
  return h('nav', { 'aria-label': desk.t('outletTasks') }, h('ul', { class: 'desk-actions plain' }, link('#/', 'task.refund', !contact), link('#/contact', 'task.contact', contact)));
}

function postLine(desk: Desk): HTMLElement | null {
  const post = state.post?.post;
  return post
    ? h('p', null, desk.t('outletPost', { outlet: desk.text(post.name) }), ' ', h('span', { class: 'badge' }, desk.t(post.selfOperated ? 'selfOperated' : 'ordinaryOutlet')),
        state.post?.rules ? h('span', { class: 'muted' }, ' ', desk.t('rulesVersion', { version: state.post.rules.version })) : null)
    : null;
}

function deskView(desk: Desk): Child[] {
  const form = state.form;
  const tick = (key: 'damaged' | 'chipUnreadable') => {
    const id = uid(key);
    const box = h('input', { type: 'checkbox', id, checked: form[key], onchange: () => (form[key] = box.checked) });
    return h('div', { class: 'choice' }, box, h('label', { for: id }, desk.t(key)));
  };
  return [
    h('p', { class: 'muted' }, desk.t('outletIntro')),
    lookupForm(desk, form, 'computeRefund', async () => {
      state.quote = await desk.api.post('/api/v1/outlet/quotes', form);
      state.asked = { ...form };
      desk.render();
    }, [tick('damaged'), tick('chipUnreadable')]),
    state.quote ? h('div', { class: 'desk-columns' }, cardFacts(desk, state.quote.card, { money: true }), quotePanel(desk, state.quote.card, state.quote.quote)) : null,
  ];
}

function linesTable(lang: Lang, t: (key: 'item' | 'amount') => string, lines: Line[], total: { label: string; fen: number }): HTMLElement {
  return h('table', { class: 'desk-table money' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('item')), h('th', { scope: 'col' }, t('amount')))),
    h('tbody', null, lines.map((line) => h('tr', null, h('td', null, line.label[lang]), h('td', null, yuan(line.fen))))),
    h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, total.label), h('td', null, yuan(total.fen)))));
}

function quotePanel(desk: Desk, card: CardView, quote: Quote): HTMLElement {
  const panel = (...children: Array<Node | null>) => h('section', { class: 'panel', 'aria-labelledby': 'quote-heading' }, h('h2', { id: 'quote-heading' }, desk.t('quoteHeading')), ...children);
  switch (quote.outcome) {
    case 'ALREADY_REFUNDED':
      return panel(h('p', null, desk.t('outcome.ALREADY_REFUNDED')));
    case 'GO_ELSEWHERE':
    case 'SELF_OPERATED_ONLY':
      return panel(h('p', { class: 'notice notice-error' }, desk.t(`outcome.${quote.outcome}`), ' ', desk.text(quote.text)), h('p', null, h('a', { href: '/outlets' }, desk.t('findOutlet'))));
    case 'REFUND': {
      const amount = yuan(quote.totalFen);
      const button = h('button', { type: 'button', class: 'btn btn-warn', onclick: () => void desk.busy(button, async () => {
        const ok = await confirmDialog({
          title: desk.t('refundConfirmTitle'), body: desk.t('refundConfirmBody', { card: card.card, amount }),
          confirm: desk.t('refundConfirm'), cancel: desk.t('cancel'), danger: true,
        });
        if (!ok) return;
        const receipt = await desk.api.post<Receipt>('/api/v1/outlet/refunds', { ...state.asked, expectedTotalFen: quote.totalFen, rulesVersion: quote.rulesVersion });
        state.quote = null;
        state.form = { cardNumber: '', damaged: false, chipUnreadable: false };
        desk.go(`receipt/${receipt.receiptNo}`, { kind: 'ok', text: { key: 'refunded', params: { no: receipt.receiptNo } } });
      }) }, desk.t('refundNow', { amount }));
      return panel(
        linesTable(desk.lang, (k) => desk.t(k), quote.lines, { label: desk.t(quote.totalFen < 0 ? 'totalToPay' : 'total'), fen: Math.abs(quote.totalFen) }),
        h('p', { class: 'muted' }, desk.t('rulesVersion', { version: quote.rulesVersion })),
        button,
      );
    }
  }
}

/** The receipt in both languages at once: the holder may read either, and the outlet files the same paper. */
function receiptView(desk: Desk, receipt: Receipt): Child[] {
  const printButton = h('button', { type: 'button', class: 'btn btn-primary btn-small', onclick: () => window.print() }, desk.t('print'));
  const half = (lang: Lang) => {
    const m = messages[lang];
    return h('div', { class: 'receipt-half', lang: htmlLang(lang) },
      h('h2', null, m.receiptTitle),
      facts([
        [m.receiptNo, receipt.receiptNo],
        [m.receiptTime, beijingTime(desk, receipt.at, lang)],
        [m.receiptOutlet, `${receipt.outlet.name[lang]} (${receipt.outlet.code})`],
        [m.receiptCard, `${receipt.card} · ${productName(lang, receipt.product)}`],
        [m.receiptClerk, receipt.clerk],
      ]),
      linesTable(lang, (k) => m[k], receipt.lines, { label: receipt.totalFen < 0 ? m.totalToPay : m.total, fen: Math.abs(receipt.totalFen) }),
      receipt.bindingEnded ? h('p', null, m.receiptBindingEnded) : null,
      h('p', { class: 'muted' }, m.rulesVersion.replace('{version}', String(receipt.rulesVersion))));
  };
  return [
    h('div', { class: 'no-print desk-actions' }, printButton, h('a', { class: 'btn btn-default btn-small', href: '#/' }, desk.t('newRefund'))),
    h('article', { class: 'receipt', 'aria-label': desk.t('receiptHeading') }, LANGS.map(half)),
  ];
}
