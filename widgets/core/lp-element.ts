import { ContextConsumer, ContextRoot } from '@lit/context';
import type { PropertyDeclarations } from 'lit';
import { portalContext, type PortalContext } from './context.js';
import { DEFAULT_CURRENCY, defaultLocale, formatMoney, formatPercentFromBps } from './format.js';
import { LpBaseElement } from './lp-base-element.js';

// A widget may upgrade before its <lp-portal> does (the autoloader imports chunks in any order). A context
// root keeps unanswered requests and replays them when a portal appears. One per page, whichever copy is first.
const CONTEXT_ROOT = Symbol.for('lp-portal.context-root');
const page = globalThis as typeof globalThis & { [CONTEXT_ROOT]?: ContextRoot };
if (!page[CONTEXT_ROOT]) {
  page[CONTEXT_ROOT] = new ContextRoot();
  page[CONTEXT_ROOT].attach(document.documentElement);
}

/**
 * Base class of every widget: uses the enclosing `<lp-portal>`'s client and customer, or — placed alone —
 * its own, built from its `token` / `fetchToken`, `api-base` and `customer-id`.
 */
export class LpElement extends LpBaseElement {
  static override properties: PropertyDeclarations = { inheritedContext: { state: true } };

  private declare inheritedContext?: PortalContext;

  constructor() {
    super();
    new ContextConsumer(this, {
      context: portalContext,
      subscribe: true,
      callback: (context) => (this.inheritedContext = context),
    });
  }

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
