import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The Vue interop demo (issue 10): render functions, so no Vue plugin. The test builds it into a temp dir. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  // Vue's compile-time flags: no Options API, no devtools in production.
  define: { __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  build: { outDir: fileURLToPath(new URL('../../test-results/demo-vue', import.meta.url)), emptyOutDir: true, target: 'es2022' },
});
