import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/harness.js';

describe('token route abuse limit', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext('pglite');
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited in the error shape after 60 token requests in a minute', async () => {
    const tokenRequest = () => t.request('/app/token', { headers: { 'Sec-Fetch-Site': 'same-origin' } });
    for (let i = 0; i < 60; i++) expect((await tokenRequest()).status).toBe(401); // production mode: no session yet
    const limited = await tokenRequest();
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect(limited.headers.get('RateLimit')).toBeTruthy();
  });
});
