import type { PropertyDeclarations, PropertyValues } from 'lit';
import { contextEvent, portalContext, targetOf, type ContextCallback, type ContextEvent, type PortalContext } from './context.js';
import { DEFAULT_CURRENCY, defaultLocale, formatMoney, formatPercentFromBps } from './format.js';
import { useLocale, widgets } from './i18n.js';
import { LpBaseElement } from './lp-base-element.js';

// A widget may upgrade before its <lp-portal> does (the autoloader imports chunks in any order). A context
// root keeps unanswered requests and replays them when a portal appears. One per page, whichever copy is first.
const CONTEXT_ROOT = Symbol.for('lp-portal.context-root');
const page = globalThis as typeof globalThis & { [CONTEXT_ROOT]?: unknown };
if (!page[CONTEXT_ROOT]) {
  const waiting: [WeakRef<Element>, WeakRef<ContextCallback>][] = [];
  const root = (page[CONTEXT_ROOT] = document.documentElement);
  root.addEventListener('context-request', (event: Event) => {
    const { context, callback, subscribe } = event as ContextEvent;
    if (context === portalContext && subscribe && !waiting.some(([, known]) => known.deref() === callback)) {
      waiting.push([new WeakRef(targetOf(event as ContextEvent)), new WeakRef(callback)]);
    }
  });
  root.addEventListener('context-provider', (event: Event) => {
    if ((event as ContextEvent).context !== portalContext) return;
    for (const [element, callback] of waiting.splice(0)) {
      const [target, answer] = [element.deref(), callback.deref()];
      if (target && answer) target.dispatchEvent(contextEvent(target, answer));
    }
  });
}

/**
 * Base class of every widget: uses the enclosing `<lp-portal>`'s client and customer, or — placed alone —
 * its own, built from its `token` / `fetchToken`, `api-base` and `customer-id`.
 */
export class LpElement extends LpBaseElement {
  static override properties: PropertyDeclarations = { inheritedContext: { state: true } };

  private declare inheritedContext?: PortalContext;
  #unsubscribe?: () => void;
  /** The locale this widget last asked the catalogues for: asked once per change, so widgets never take turns. */
  #language?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    widgets.add(this);
    this.dispatchEvent(contextEvent(this, this.#provided));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    widgets.delete(this);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.#language !== this.resolvedLocale) void useLocale((this.#language = this.resolvedLocale));
  }

  /** The portal's context, now and at each change; another portal's first answer ends the previous subscription. */
  #provided: ContextCallback = (context, unsubscribe) => {
    if (this.#unsubscribe !== unsubscribe) this.#unsubscribe?.();
    this.#unsubscribe = unsubscribe;
    this.inheritedContext = context;
  };

  /**
   * The context in effect: the enclosing portal's, else this widget's own.
   * @internal
   */
  get portal(): PortalContext | undefined {
    return this.inheritedContext ?? this.ownContext;
  }

  /** True when no `<lp-portal>` encloses this widget. */
  protected get standalone(): boolean {
    return !this.inheritedContext;
  }

  protected get resolvedLocale(): string {
    return this.locale || this.portal?.locale || defaultLocale();
  }

  protected formatMoney(minorUnits: number, currency = this.currency || this.portal?.currency || DEFAULT_CURRENCY): string {
    return formatMoney(minorUnits, currency, this.resolvedLocale);
  }

  protected formatPercent(bps: number): string {
    return formatPercentFromBps(bps, this.resolvedLocale);
  }
}
