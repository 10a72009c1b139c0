import { css } from 'lit';
import { space, sys, text } from '../core/theme.js';

export const styles = css`
  :host {
    display: block;
  }
  .skeleton {
    height: 12rem;
  }
  [aria-selected='true'] {
    border-color: ${sys.colorPrimary};
    box-shadow: inset 0 -3px 0 ${sys.colorPrimary};
    font-weight: 600;
  }
  [role='tablist'],
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${space(2)};
    margin-bottom: ${space(3)};
  }
  .empty {
    color: ${sys.colorTextMuted};
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
    gap: ${space(3)};
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .tile {
    display: grid;
    align-content: start;
    gap: ${space(1)};
    padding: ${space(3)};
    border: 1px solid ${sys.colorDivider};
    border-radius: ${sys.radius};
    background: var(--lp-marketplace-tile-background, ${sys.colorSurface});
  }
  h3,
  p,
  dl,
  dd {
    margin: 0;
  }
  h3 {
    font-size: ${text(1)};
  }
  .price {
    font-size: ${text(1.5)};
    font-weight: 700;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 ${space(2)};
    font-size: ${text(0.875)};
  }
  .scroll {
    margin-top: ${space(3)};
  }
`;
