// A tiny element builder: enough to write screens as plain functions without a framework, and never
// innerHTML, so text from the API or the person is always text.

export type Child = Node | string | number | null | undefined | false;
type Value = string | number | boolean | null | undefined;
export type Props = Record<string, Value | ((event: Event) => void)>;

/**
 * Creates an element. `on*` props become listeners, `class` the class name, `value`/`checked` properties;
 * true sets an empty attribute, false/null/undefined leave it out.
 * @example h('button', { type: 'button', onclick: () => go('cards') }, 'Back')
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Array<Child | Child[]>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'value' || name === 'checked') (element as unknown as Record<string, Value>)[name] = value;
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name === 'class' ? 'class' : name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Array<Child | Child[]>): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's content. */
export function replace(parent: Element, ...children: Array<Child | Child[]>): void {
  parent.replaceChildren();
  append(parent, children);
}

let ids = 0;
/** A fresh element id, for label/for and aria-describedby pairs. */
export const uid = (prefix: string): string => `${prefix}-${++ids}`;

/**
 * Runs a button's action once at a time: presses while it runs are ignored, and aria-disabled (not
 * `disabled`) keeps the focus where it is for keyboard and screen-reader users.
 */
export async function whileBusy(button: HTMLElement, action: () => Promise<void>, hooks: { start(): void; fail(error: unknown): void }): Promise<void> {
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  hooks.start();
  try {
    await action();
  } catch (error) {
    hooks.fail(error);
  } finally {
    button.removeAttribute('aria-disabled');
  }
}
