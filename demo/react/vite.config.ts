import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The React interop demo (issue 10): Vite's own TSX transform, no plugin. The test builds it into a temp dir. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  build: { outDir: fileURLToPath(new URL('../../test-results/demo-react', import.meta.url)), emptyOutDir: true, target: 'es2022' },
});
