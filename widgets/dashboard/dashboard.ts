import { html, nothing, svg, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { components } from '../core/api-types.js';
import { ApiResource } from '../core/api-resource.js';
import { define } from '../core/define.js';
import { renderAlert } from '../core/forms.js';
import { formatDate, formatDateTime } from '../core/format.js';
import { alertTriangle, check, icon } from '../core/icons.js';
import { renderLoading } from '../core/load-states.js';
import { LpElement } from '../core/lp-element.js';
import { sharedStyles, tableStyles } from '../core/shared-styles.js';
import { themeStyles } from '../core/theme.js';
import { leadName } from '../leads-table/lead-types.js';
import '../wallet-balance/wallet-balance.js';
import { messages } from './dashboard.messages.js';
import { styles } from './dashboard.styles.js';

type Dashboard = components['schemas']['Dashboard'];
type GettingStarted = components['schemas']['GettingStarted'];
type Day = Dashboard['per_day'][number];

const PERIODS = ['day', 'week', 'month'] as const;
const METRICS = ['count', 'spend_cents'] as const;

/**
 * @summary The buyer's home: recent leads, spend and leads today, this week and this month, a 30-day chart, bid
 * activity, funding, caps usage and the getting-started checklist.
 *
 * Funding is `<lp-wallet-balance variant="detail">`; the return rate is the top bar's badge.
 * Activating a recent lead, a checklist step or a link to another section fires `lp-navigate`; the checklist can
 * be dismissed (remembered per user and customer). The chart is an SVG drawn here, with a summary and a data table
 * for screen readers.
 *
 * @attr token - Bearer token, when placed alone (see `<lp-portal>`).
 * @attr api-base - Origin of the Lead Portal API, when placed alone.
 * @attr customer-id - External id of the customer, when placed alone.
 * @attr locale - BCP 47 locale for numbers and dates.
 * @attr currency - ISO 4217 currency of amounts; defaults to the portal's.
 *
 * @fires lp-navigate - `{ section: 'leads', item: <lead id> }` for a recent lead; `{ section }` for a checklist step or link.
 * @fires lp-load-error - The dashboard could not be loaded.
 * @fires lp-session-expired - Placed alone, when its session ended.
 *
 * @csspart card - Each block of the dashboard.
 * @csspart chart - The 30-day chart.
 * @csspart bar - Each caps usage bar.
 *
 * @cssprop --lp-dashboard-card-background - The cards' background (default: `--lp-sys-color-surface`).
 * @cssprop --lp-dashboard-card-border-color - The cards' border (default: `--lp-sys-color-divider`).
 * @cssprop --lp-dashboard-spend-color - Spend bars (default: `--lp-sys-color-primary`).
 * @cssprop --lp-dashboard-leads-color - Lead bars (default: `--lp-sys-color-success`).
 * @cssprop --lp-dashboard-bar-track - A usage bar's track (default: `--lp-sys-color-surface-variant`).
 */
export class LpDashboard extends LpElement {
  static override styles = [themeStyles, sharedStyles, tableStyles, styles];

  static override properties: PropertyDeclarations = {
    checklist: { state: true },
    dismissError: { state: true },
    announcement: { state: true },
  };

  /** The checklist as the last dismissal left it, for the portal revision it was made in. */
  private declare checklist?: { revision: number | undefined; value: GettingStarted };
  private declare dismissError?: boolean;
  private declare announcement?: string;

  readonly #dashboard = new ApiResource<Dashboard>(this, '/dashboard');

  protected override render() {
    return html`<p class="visually-hidden" role="status">${this.announcement}</p>
      ${this.#dashboard.render({ pending: () => renderLoading(messages.loading), complete: (d) => this.#renderDashboard(d) })}`;
  }

  #renderDashboard(d: Dashboard): TemplateResult {
    const checklist = this.checklist?.revision === this.portal?.revision ? this.checklist!.value : d.getting_started;
    const bought = d.recent_leads.length > 0 || d.per_day.some((day) => day.lead_count > 0);
    return html`${checklist.visible ? this.#renderChecklist(checklist) : nothing}
      <div class="grid">
        ${this.#card(
          'totals',
          messages.totalsTitle,
          bought
            ? html`<dl class="totals">
                  ${Object.values(d.totals).map(
                    (total, i) => html`<div>
                      <dt>${messages.periods[PERIODS[i]!]}</dt>
                      <dd><span class="figure">${this.formatMoney(total.spend_cents)}</span> ${this.#leads(total.lead_count)}</dd>
                    </div>`,
                  )}
                </dl>
                ${this.#renderChart(d.per_day)}`
            : html`<div class="empty">
                <h3>${messages.emptyTitle}</h3>
                <p>${messages.empty}</p>
                ${this.#navButton('bids', messages.toBids)}
              </div>`,
          'wide',
        )}
        ${d.recent_leads.length ? this.#card('recent', messages.recentTitle, this.#renderRecent(d), 'wide') : nothing}
        ${this.#card(
          'funding',
          messages.fundingTitle,
          html`<lp-wallet-balance variant="detail" .token=${this.token} .fetchToken=${this.fetchToken} .apiBase=${this.apiBase} .customerId=${this.customerId} .transport=${this.transport} .locale=${this.locale} .currency=${this.currency}></lp-wallet-balance>`,
        )}
        ${this.#card('activity', messages.activityTitle, this.#renderActivity(d.bid_activity))}
        ${this.#card('caps', messages.capsTitle, this.#renderCaps(d.caps))}
      </div>`;
  }

  #card(id: string, title: string, content: unknown, wide = ''): TemplateResult {
    return html`<section class="card ${wide}" part="card" aria-labelledby=${id}>
      <h2 id=${id} tabindex="-1">${title}</h2>
      ${content}
    </section>`;
  }

  #count(n: number): string {
    return new Intl.NumberFormat(this.resolvedLocale).format(n);
  }

  #leads(n: number): string {
    return messages.leads(this.#count(n), n);
  }

  #day(date: string): string {
    // A customer-local calendar date: formatted in UTC, where `YYYY-MM-DD` is parsed, so it stays that day.
    return formatDate(date, this.resolvedLocale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  }

  #navButton(section: string, label: string, item?: string): TemplateResult {
    return html`<button type="button" class="button" @click=${() => this.emit('lp-navigate', { section, item }, { cancelable: true })}>
      ${label}
    </button>`;
  }

  /** The server's 30 local days, oldest first, days without purchases included as zero. */
  #renderChart(days: Day[]): TemplateResult {
    const from = this.#day(days[0]!.date);
    const to = this.#day(days.at(-1)!.date);
    const series = [
      { key: 'spend', label: messages.spendPerDay, values: days.map((d) => d.spend_cents), format: (n: number) => this.formatMoney(n) },
      { key: 'leads', label: messages.leadsPerDay, values: days.map((d) => d.lead_count), format: (n: number) => this.#leads(n) },
    ];
    return html`<figure class="chart" part="chart">
      <figcaption>${messages.chartTitle}</figcaption>
      ${series.map(({ key, label, values, format }) => {
        const max = Math.max(...values);
        const highest = format(max);
        return html`<div class="series">
          <span class="muted">${label} · ${messages.highest(highest)}</span>
          <svg class=${key} viewBox="0 0 ${days.length * 10} 100" preserveAspectRatio="none" role="img" aria-labelledby="${key}-title ${key}-desc">
            <title id="${key}-title">${label}</title>
            <desc id="${key}-desc">${messages.chartSummary(format(values.reduce((a, b) => a + b, 0)), highest)}</desc>
            <rect class="baseline" y="99" width=${days.length * 10} height="1"></rect>
            ${values.map((value, i) => {
              const height = max && (value / max) * 96;
              return svg`<rect x=${i * 10 + 1} y=${99 - height} width="8" height=${height}></rect>`;
            })}
          </svg>
        </div>`;
      })}
      <div class="axis muted" aria-hidden="true"><span>${from}</span><span>${to}</span></div>
      <table class="visually-hidden">
        <caption>${messages.chartTitle}</caption>
        <thead><tr><th scope="col">${messages.day}</th><th scope="col">${messages.leadsColumn}</th><th scope="col">${messages.spend}</th></tr></thead>
        <tbody>
          ${days.map((day) => html`<tr><th scope="row">${this.#day(day.date)}</th><td>${this.#count(day.lead_count)}</td><td>${this.formatMoney(day.spend_cents)}</td></tr>`)}
        </tbody>
      </table>
    </figure>`;
  }

  #renderRecent(d: Dashboard): TemplateResult {
    return html`<table>
        <thead>
          <tr>
            <th scope="col">${messages.bought}</th>
            <th scope="col">${messages.lead}</th>
            <th scope="col">${messages.type}</th>
            <th scope="col">${messages.location}</th>
            <th scope="col" class="numeric">${messages.price}</th>
          </tr>
        </thead>
        <tbody>
          ${d.recent_leads.map(
            (lead) => html`<tr>
              <th scope="row">
                ${this.#navButton('leads', formatDateTime(lead.purchased_at, this.resolvedLocale, d.timezone), lead.id)}
              </th>
              <td>
                ${leadName(lead.fields)}
                ${lead.status === 'returned' ? html`<span class="chip tone-neutral">${messages.returned}</span>` : nothing}
              </td>
              <td>${lead.lead_type.name}</td>
              <td>${[lead.county, lead.state].filter(Boolean).join(', ')}</td>
              <td class="numeric">${this.formatMoney(lead.price_cents)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${this.#navButton('leads', messages.allLeads)}`;
  }

  #renderActivity(activity: Dashboard['bid_activity']): TemplateResult {
    const rows: [string, number][] = [[messages.won, activity.won], ...Object.entries(activity.losses).map(([reason, n]): [string, number] => [messages.losses[reason as keyof typeof messages.losses], n])];
    return html`<p class="muted">${messages.activitySince(activity.days)}</p>
      <dl class="activity">${rows.map(([label, n]) => html`<div><dt>${label}</dt><dd>${this.#count(n)}</dd></div>`)}</dl>`;
  }

  #renderCaps(caps: Dashboard['caps']): TemplateResult {
    const usages = [[messages.account, caps.customer] as const, ...caps.bids.map((b) => [b.name, b.limits] as const)].flatMap(([name, limits]) =>
      PERIODS.flatMap((period) => METRICS.map((metric) => ({ name, period, metric, ...limits[period][metric] }))),
    );
    const capped = usages.filter((u) => u.cap !== null);
    if (!capped.length) return html`<p>${messages.noCaps}</p>${this.#navButton('limits', messages.toLimits)}`;
    return html`<ul class="caps" role="list">
      ${capped.map(({ name, period, metric, used, cap }) => {
        const reached = used >= cap!;
        const format = (n: number) => (metric === 'count' ? this.#count(n) : this.formatMoney(n));
        return html`<li class=${reached ? 'reached' : ''}>
          <span class="subject">${name} · ${messages.periods[period]}</span>
          <span>${reached ? icon(alertTriangle) : nothing}${messages.usage[metric](format(used), format(cap!))}</span>
          <svg part="bar" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true"><rect width="100" height="1"></rect><rect width=${cap ? Math.min(used / cap, 1) * 100 : 100} height="1"></rect></svg>
        </li>`;
      })}
    </ul>`;
  }

  #renderChecklist(checklist: GettingStarted): TemplateResult {
    const done = checklist.steps.filter((step) => step.done).length;
    return html`<section class="card" part="card" aria-labelledby="checklist">
      <div class="head">
        <h2 id="checklist">${messages.checklistTitle}</h2>
        <span class="muted">${messages.checklistProgress(done, checklist.steps.length)}</span>
        <button type="button" class="button" @click=${this.#dismiss}>${messages.dismiss}</button>
      </div>
      ${renderAlert(this.dismissError && messages.dismissFailed)}
      <ol class="steps">
        ${checklist.steps.map(
          (step) => html`<li>
            ${this.#navButton(step.section, messages.steps[step.key])}
            ${step.done ? html`<span class="chip tone-success">${icon(check)}${messages.done}</span>` : nothing}
          </li>`,
        )}
      </ol>
    </section>`;
  }

  #dismiss = async (): Promise<void> => {
    const portal = this.portal;
    if (!portal) return;
    this.dismissError = false;
    try {
      const value = await portal.client.request<GettingStarted>('PUT', '/dashboard/getting-started', { dismissed: true });
      this.checklist = { revision: portal.revision, value };
      this.announcement = messages.dismissed;
      await this.updateComplete;
      // The dismiss button is gone: continue where the checklist was.
      this.renderRoot.querySelector<HTMLElement>('#totals')?.focus();
    } catch {
      this.dismissError = true;
    }
  };
}

define('lp-dashboard', LpDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'lp-dashboard': LpDashboard;
  }
}
