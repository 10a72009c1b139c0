import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from './api-types.js';

// D28: the widgets' API types must match what the server declares; run `npm run gen:types` after changing a schema.
it('widgets/core/api-types.ts is generated from the current /openapi.json', async () => {
  expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await renderApiTypes());
});
