import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README webhook signature snippet', () => {
  it('is verify-signature.ts word for word, the code the tests’ receiver runs', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const code = readFileSync(new URL('./verify-signature.ts', import.meta.url), 'utf8');
    expect(readme).toContain('```ts\n' + code + '```');
  });
});
