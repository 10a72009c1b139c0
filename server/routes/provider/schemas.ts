import { z } from '@hono/zod-openapi';
import type { Mode } from '../../config.js';
import { isValidTimezone } from '../../domain/local-time.js';
import { webUrlProblem } from '../../domain/web-access.js';
import { ErrorBody } from '../api/schemas.js';

export { json } from '../api/schemas.js';

/** Shared pieces of the provider API's shapes. */
export const apiKeySecurity = [{ apiKey: [] }];

const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });
export const providerErrors = {
  400: error('Invalid input: `fields` names each bad field'),
  401: error('Missing, malformed, unknown or revoked API key'),
  404: error('Not found (or belongs to another provider)'),
  409: error('Conflicts with the current state'),
} as const;

export const Cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const PositiveCents = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const Bps = z.number().int().min(0).max(10_000).openapi({ description: 'Basis points: 100 = 1% (D12)' });
export const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a #rrggbb colour');
export const Timezone = z
  .string()
  .max(100)
  .refine(isValidTimezone, 'Use an IANA timezone such as America/Chicago')
  .openapi({ example: 'America/Chicago' });

/** A string that also passes a mode-dependent rule (https only in production: D8). */
export const checked = (base: z.ZodString, problem: (value: string) => string | null) =>
  base.superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  });

export const WebUrl = (mode: Mode) => checked(z.string().max(2000), (v) => webUrlProblem(v, mode));

/** Lists the route replaces whole must not repeat an entry (the database would refuse it). */
export const uniqueList = <T extends z.ZodType>(item: T, max: number, key: (value: z.infer<T>) => string) =>
  z
    .array(item)
    .max(max)
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.forEach((value, index) => {
        const k = key(value);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', message: 'Listed twice', path: [index] });
        seen.add(k);
      });
    });
