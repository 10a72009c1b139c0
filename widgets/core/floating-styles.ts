import { css } from 'lit';
import { space, sys } from './theme.js';

/**
 * The surface of an anchored popover (badge details, customer menu): placed under its anchor with CSS anchor
 * positioning, flipping sides when it would overflow. Each widget sets its own size, padding and `position-anchor`.
 */
export const floatingStyles = css`
  .floating {
    inset: auto;
    margin: ${space(1)} 0;
    overflow: auto;
    border: 1px solid ${sys.colorDivider};
    border-radius: ${sys.radius};
    background: ${sys.colorSurface};
    color: ${sys.colorText};
    box-shadow: ${sys.shadow};
    position-area: bottom span-left;
    position-try-fallbacks: bottom span-right, bottom;
  }
`;
