import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { rootThemeCss } from '../widgets/core/page-theme.js';
import manifest from '../custom-elements.json';
import { applyThemeArgs, themeArgTypes, type ThemeArgs } from './theme-controls.js';

// Docs pages list each widget's attributes, properties, events, slots, parts and CSS properties from the manifest.
setCustomElementsManifest(manifest);

// The page-level sheet a host page would use; dark comes from `data-lp-theme`, never prefers-color-scheme.
const pageSheet = new CSSStyleSheet();
pageSheet.replaceSync(`${rootThemeCss}
.lp-story { padding: 1rem; background: var(--lp-sys-color-surface); color: var(--lp-sys-color-text); }`);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];

const preview: Preview = {
  globalTypes: {
    theme: {
      description: 'Light or dark, as the host page would set it',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
  argTypes: themeArgTypes,
  decorators: [
    (story, { args, globals }) => {
      if (globals['theme'] === 'dark') document.documentElement.setAttribute('data-lp-theme', 'dark');
      else document.documentElement.removeAttribute('data-lp-theme');
      return html`<div class="lp-story" ${ref((host) => host && applyThemeArgs(host as HTMLElement, args as ThemeArgs))}>
        ${story()}
      </div>`;
    },
  ],
  parameters: {
    controls: { expanded: true },
    layout: 'fullscreen',
  },
};

export default preview;
