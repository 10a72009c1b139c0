/**
 * React 19 JSX typings for the Lead Portal elements (issue 10), types only: `import type {} from 'lead-portal/jsx'`
 * once in a React app (or list `lead-portal/jsx` in tsconfig `types`), and `<lp-portal>`, `<lp-wallet-balance>` …
 * type-check in TSX. Derived from the element classes, so a new property or event is typed without an edit here.
 *
 * What React 19 does with a custom element's props, and so what is typed:
 * - a prop whose name is a property of the (defined) element is set as that property: `appearance={{ … }}`,
 *   `fetchToken={fn}`, `customerId="…"`. Import the widget's module before rendering, or React, finding no such
 *   property yet, sets a string attribute;
 * - any other prop is set as an attribute: `customer-id="…"`, `billing-href="…"` (primitive values only);
 * - a function prop named `on` + the event's exact name is added as a listener for that DOM event:
 *   `onlp-navigate={(e) => e.detail.section}`. Every `lp-*` event bubbles out of shadow roots, so each element
 *   takes a handler for each of them (an `<lp-portal>` hears its widgets' events);
 * - `ref` gets the element's class, and the usual HTML attributes (`id`, `className`, `style`, `children`) apply.
 */
import type { LitElement } from 'lit';
import type { ClassAttributes, HTMLAttributes } from 'react';
import type { LpEventName } from './core/events.js';
import type * as widgets from './index.js';

/** The public element classes: what the package's main module exports that is a Lit element. */
type PublicElement = {
  [K in keyof typeof widgets]: (typeof widgets)[K] extends abstract new (...args: never[]) => infer I ? (I extends LitElement ? I : never) : never;
}[keyof typeof widgets];

/** The tags of the public elements (the internal `lp-bid-form` and `lp-order-form` are left out). */
export type LpTagName = {
  [T in keyof HTMLElementTagNameMap]: T extends `lp-${string}` ? (HTMLElementTagNameMap[T] extends PublicElement ? T : never) : never;
}[keyof HTMLElementTagNameMap];

/** A page sets these: what the class adds to LitElement, minus the widgets' own `emit` helper and `portal` (internal). */
type Settable<E> = Exclude<keyof E, keyof LitElement | 'emit' | 'portal'> & string;

/** `customerId` → `customer-id`: the widgets' attribute names (see custom-elements.json). */
type Kebab<S extends string> = S extends `${infer Head}${infer Rest}` ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Rest>}` : '';

/** Attributes carry only primitive values; a property of object or function type has none. */
type AttributeValue<V> = Extract<V, string | number | boolean>;

type WidgetProperties<E> = { [K in Settable<E>]?: E[K] };

type WidgetAttributes<E> = { [K in Settable<E> as [AttributeValue<E[K]>] extends [never] ? never : Kebab<K>]?: AttributeValue<E[K]> };

type WidgetEventHandlers<E> = { [N in LpEventName as `on${N}`]?: (event: GlobalEventHandlersEventMap[N] & { currentTarget: E }) => void };

/** The props of one element in React 19 JSX. */
export type LpJsxProps<E extends HTMLElement> = ClassAttributes<E> &
  Omit<HTMLAttributes<E>, Settable<E>> &
  WidgetProperties<E> &
  WidgetAttributes<E> &
  WidgetEventHandlers<E>;

export type LpIntrinsicElements = { [T in LpTagName]: LpJsxProps<HTMLElementTagNameMap[T]> };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends LpIntrinsicElements {}
  }
}
