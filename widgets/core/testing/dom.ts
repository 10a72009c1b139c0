import { waitUntil } from '@open-wc/testing';

/** Waits until `selector` matches in the element's shadow root, and returns the first match. */
export async function shadowQuery<E extends Element = HTMLElement>(host: Element, selector: string): Promise<E> {
  await waitUntil(() => host.shadowRoot?.querySelector(selector), `no "${selector}" in <${host.localName}>`);
  return host.shadowRoot!.querySelector<E>(selector)!;
}

/** An element's text, whitespace collapsed (including the no-break spaces Intl puts in amounts). */
export function textOf(node: Node | null | undefined): string | undefined {
  return node?.textContent?.replace(/\s+/g, ' ').trim();
}

/** The visible and hidden text of the element's shadow root, whitespace collapsed. */
export function shadowText(host: Element): string {
  return textOf(host.shadowRoot) ?? '';
}

/**
 * Whether `element` has focus inside its shadow root. (Compare elements with this, not with chai's `equal`:
 * printing a failed element comparison can hang the browser.)
 */
export function hasFocus(element: Element): boolean {
  return (element.getRootNode() as ShadowRoot | Document).activeElement === element;
}
