import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  /* The intro, the read-only notice and the cards, spaced by the grid's gap. */
  :host {
    display: grid;
    gap: ${space(4)};
    --_bar: var(--lp-bidding-limits-bar-color, ${sys.colorPrimary});
    --_bar-reached: var(--lp-bidding-limits-bar-reached-color, ${sys.colorDanger});
    --_track: var(--lp-bidding-limits-bar-track, ${sys.colorSurfaceVariant});
    --_card-border: var(--lp-bidding-limits-card-border-color, ${sys.colorDivider});
  }

  .skeleton {
    height: 16rem;
  }

  h2,
  h3 {
    margin: 0;
    font-size: ${text(1.125)};
  }

  h3 {
    font-size: ${text(1)};
  }

  p {
    margin: 0;
  }

  .intro {
    max-width: 60rem;
  }

  .muted {
    font-size: ${text(0.875)};
  }

  .card,
  .bids,
  .bid,
  .editor,
  .timezone {
    display: grid;
    gap: ${space(3)};
  }

  .card {
    padding: ${space(4)};
    border: 1px solid var(--_card-border);
    border-radius: ${sys.radius};
  }

  .card__head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(2)};
  }

  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .periods {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    gap: ${space(4)};
  }

  .period {
    display: grid;
    align-content: start;
    gap: ${space(2)};
  }

  .period__head {
    display: grid;
  }

  .period__name {
    font-weight: 600;
  }

  .usage {
    display: grid;
    gap: ${space(1)};
  }

  .usage__text {
    display: inline-flex;
    align-items: center;
    gap: ${space(1)};
  }

  .usage--reached .usage__text {
    color: ${sys.colorOnDangerContainer};
    font-weight: 600;
  }

  .bar {
    appearance: none;
    width: 100%;
    height: 0.5rem;
    border: 0;
    border-radius: 999px;
    background: var(--_track);
    overflow: hidden;
  }

  .bar::-webkit-progress-bar {
    background: var(--_track);
  }

  .bar::-webkit-progress-value {
    background: var(--_bar);
  }

  .bar::-moz-progress-bar {
    background: var(--_bar);
  }

  .usage--reached .bar::-webkit-progress-value {
    background: var(--_bar-reached);
  }

  .usage--reached .bar::-moz-progress-bar {
    background: var(--_bar-reached);
  }

  .bid {
    padding-top: ${space(3)};
    border-top: 1px solid var(--_card-border);
  }

  .button {
    justify-self: start;
  }

  .empty {
    display: grid;
    gap: ${space(2)};
    padding: ${space(4)};
    border-radius: ${sys.radius};
    background: ${sys.colorSurfaceVariant};
  }

  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: ${space(3)};
    margin: 0;
    padding: ${space(3)};
    border: 1px solid var(--_card-border);
    border-radius: ${sys.radius};
  }

  legend {
    padding: 0 ${space(1)};
    font-weight: 600;
  }

  .field {
    flex: 1 1 10rem;
  }

  .timezone .field {
    max-width: 24rem;
  }

  label {
    font-size: ${text(0.875)};
    font-weight: 600;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${space(2)};
  }

`;
