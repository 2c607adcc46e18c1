// Where a page tells the person what happened: errors in a role=alert region (announced at once), results in a
// role=status region (announced when the screen reader is idle). The regions are in the page from the start and
// only their content changes, because screen readers often miss a live region that arrives with its text.
import { h, replace, type Child } from './dom.ts';

export type NoticeKind = 'error' | 'ok';

/** One live region; empty, it takes no room. */
export class NoticeRegion {
  readonly element: HTMLElement;

  constructor(readonly kind: NoticeKind) {
    this.element = h('div', { class: 'notice', role: kind === 'error' ? 'alert' : 'status' });
  }

  /** Shows `content` in the region's colours, or empties it when there is none. */
  show(...content: Child[]): void {
    this.element.className = content.some((c) => c !== null && c !== undefined && c !== false && c !== '') ? `notice notice-${this.kind}` : 'notice';
    replace(this.element, content);
  }
}

/**
 * The error region and the result region of a page, showing one notice at a time.
 * @example const notices = new Notices(); main.append(...notices.elements); notices.show('ok', h('p', null, 'Saved'))
 */
export class Notices {
  readonly alert = new NoticeRegion('error');
  readonly status = new NoticeRegion('ok');

  get elements(): HTMLElement[] {
    return [this.alert.element, this.status.element];
  }

  /** Shows a notice of `kind` and clears the other region; null clears both. */
  show(kind: NoticeKind | null, ...content: Child[]): void {
    this.alert.show(...(kind === 'error' ? content : []));
    this.status.show(...(kind === 'ok' ? content : []));
  }
}
