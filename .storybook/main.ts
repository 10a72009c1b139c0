import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../widgets/**/*.mdx', '../widgets/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  // Stories replay recorded API replies (D28) from widgets/fixtures/, fetched at run time; the demo
  // provider's logo is what the fixtures name.
  staticDirs: [
    { from: '../widgets/fixtures', to: '/widgets/fixtures' },
    { from: '../demo/public', to: '/demo' },
  ],
  // Storybook's own docs renderer is ~1 MB: a dev tool, not what embedders load (D26 measures dist/). The
  // timing notice is about Storybook's plugins. Neither says anything about the widgets, so both stay quiet.
  viteFinal: (config) => ({
    ...config,
    build: {
      ...config.build,
      chunkSizeWarningLimit: 1500,
      rolldownOptions: { ...config.build?.rolldownOptions, checks: { bundlerTimings: false } },
    },
  }),
};

export default config;
