import { createRoute, z } from '@hono/zod-openapi';
import { importJWK, type JWK } from 'jose';
import { sql } from 'kysely';
import type { Mode } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Deps } from '../../deps.js';
import type { KeyRegistry } from '../../auth/keys.js';
import { ApiError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { encryptSecret } from '../../lib/secrets.js';
import { newRouter } from '../router.js';
import { auditProviderChange } from './audit.js';
import { apiKeySecurity, json, providerErrors, WebUrl } from './schemas.js';

/** Our own issuers (the /app portal issuer `urn:lead-portal:app:<provider>` of D6, the demo's) live here. */
const RESERVED_ISSUERS = 'urn:lead-portal:';
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];
const KEY_TYPE = { RS256: 'RSA', ES256: 'EC', EdDSA: 'OKP' } as const;

const Issuer = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine((v) => !v.startsWith(RESERVED_ISSUERS), `The ${RESERVED_ISSUERS} namespace is reserved for the portal`)
  .openapi({ description: 'The `iss` of the tokens you sign; one issuer belongs to one provider', example: 'https://shop.example' });
const Kid = z.string().trim().min(1).max(200).optional().openapi({ description: 'Matched against the token header `kid` when set' });

const newSigningKey = (mode: Mode) =>
  z
    .discriminatedUnion('alg', [
      z.strictObject({
        issuer: Issuer,
        alg: z.literal('HS256'),
        kid: Kid,
        secret: z
          .string()
          .max(1024)
          .refine((v) => Buffer.byteLength(v, 'utf8') >= 32, 'Use a secret of at least 32 bytes')
          .openapi({ description: 'Stored encrypted and never returned' }),
      }),
      z
        .strictObject({
          issuer: Issuer,
          alg: z.enum(['RS256', 'ES256', 'EdDSA']),
          kid: Kid,
          public_jwk: z.record(z.string(), z.unknown()).optional(),
          jwks_url: WebUrl(mode).optional(),
        })
        .refine((k) => (k.public_jwk === undefined) !== (k.jwks_url === undefined), { path: ['public_jwk'], message: 'Send either public_jwk or jwks_url' }),
    ])
    .openapi('NewSigningKey');

const SigningKey = z
  .object({
    id: z.string(),
    issuer: z.string(),
    alg: z.enum(['HS256', 'RS256', 'ES256', 'EdDSA']),
    kid: z.string().nullable(),
    public_jwk: z.record(z.string(), z.unknown()).nullable(),
    jwks_url: z.string().nullable(),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .openapi('SigningKey', { description: 'How your tokens are verified; an HS256 secret is never returned' });

/** Why a JWK cannot verify `alg` tokens, or null: public members only, matching key type, importable. */
async function publicJwkProblem(jwk: Record<string, unknown>, alg: keyof typeof KEY_TYPE): Promise<string | null> {
  if (PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) return 'Send the public key only: this JWK has private members';
  if (jwk.kty !== KEY_TYPE[alg]) return `An ${alg} key has kty "${KEY_TYPE[alg]}"`;
  try {
    await importJWK(jwk as JWK, alg);
    return null;
  } catch {
    return `Not a valid ${alg} public key`;
  }
}

/** The provider's own keys (not the portal's, which the server manages), newest last. */
const selectKeys = (db: Db, providerId: string) =>
  db
    .selectFrom('signing_keys')
    .innerJoin('provider_issuers', 'provider_issuers.issuer', 'signing_keys.issuer')
    .select(['signing_keys.id', 'signing_keys.issuer', 'alg', 'kid', 'public_jwk', 'jwks_url', 'signing_keys.created_at', 'revoked_at'])
    .where('provider_issuers.provider_id', '=', providerId)
    .where('provider_issuers.kind', '=', 'provider');

type KeyRow = Awaited<ReturnType<ReturnType<typeof selectKeys>['executeTakeFirstOrThrow']>>;
const keyJson = (row: KeyRow) => ({
  id: row.id,
  issuer: row.issuer,
  alg: row.alg,
  kid: row.kid,
  public_jwk: row.public_jwk,
  jwks_url: row.jwks_url,
  created_at: row.created_at.toISOString(),
  revoked_at: row.revoked_at?.toISOString() ?? null,
});

export const signingKeyRoutes = ({ db, config }: Deps, keys: KeyRegistry) => {
  const tags = ['Provider'];
  const createKey = createRoute({
    method: 'post',
    path: '/signing-keys',
    tags,
    summary: 'Register how your backend signs widget tokens: an HS256 secret, a public JWK or a JWKS URL',
    security: apiKeySecurity,
    request: { body: { required: true, content: { 'application/json': { schema: newSigningKey(config.mode) } } } },
    responses: { 201: json(SigningKey, 'The key (without any secret)'), 400: providerErrors[400], 401: providerErrors[401], 409: providerErrors[409] },
  });
  const listKeys = createRoute({
    method: 'get',
    path: '/signing-keys',
    tags,
    summary: 'Your signing keys, revoked ones included',
    security: apiKeySecurity,
    responses: { 200: json(z.object({ items: z.array(SigningKey) }), 'Your keys'), 401: providerErrors[401] },
  });
  const revokeKey = createRoute({
    method: 'delete',
    path: '/signing-keys/{id}',
    tags,
    summary: 'Revoke a signing key: tokens it signed are refused from now on',
    security: apiKeySecurity,
    request: { params: z.object({ id: z.string().max(100).openapi({ param: { name: 'id', in: 'path' } }) }) },
    responses: { 200: json(SigningKey, 'The revoked key'), 401: providerErrors[401], 404: providerErrors[404] },
  });

  return newRouter()
    .openapi(createKey, async (c) => {
      const scope = c.get('provider');
      const input = c.req.valid('json');
      if (input.alg !== 'HS256' && input.public_jwk) {
        const problem = await publicJwkProblem(input.public_jwk, input.alg);
        if (problem) throw new ApiError('invalid_request', 'Some fields are invalid', { public_jwk: problem });
      }
      const id = newId('sk');
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('provider_issuers').values({ issuer: input.issuer, provider_id: scope.providerId, kind: 'provider' }).onConflict((oc) => oc.column('issuer').doNothing()).execute();
        const owner = await trx.selectFrom('provider_issuers').select('provider_id').where('issuer', '=', input.issuer).executeTakeFirstOrThrow();
        if (owner.provider_id !== scope.providerId) throw new ApiError('conflict', 'This issuer belongs to another provider', { issuer: 'Already registered' });
        const publicJwk = input.alg === 'HS256' ? undefined : input.public_jwk;
        await trx
          .insertInto('signing_keys')
          .values({
            id,
            issuer: input.issuer,
            alg: input.alg,
            kid: input.kid ?? (typeof publicJwk?.kid === 'string' ? publicJwk.kid : null),
            secret_enc: input.alg === 'HS256' ? encryptSecret(config.secretKey, input.secret) : null,
            public_jwk: publicJwk ? JSON.stringify(publicJwk) : null,
            jwks_url: input.alg === 'HS256' ? null : (input.jwks_url ?? null),
          })
          .execute();
        await auditProviderChange(trx, scope, { action: 'signing_key.created', subjectType: 'signing_key', subjectId: id, details: { issuer: input.issuer, alg: input.alg } });
      });
      keys.invalidate(input.issuer);
      return c.json(keyJson(await selectKeys(db, scope.providerId).where('signing_keys.id', '=', id).executeTakeFirstOrThrow()), 201);
    })
    .openapi(listKeys, async (c) => {
      const rows = await selectKeys(db, c.get('provider').providerId).orderBy('signing_keys.created_at').orderBy('signing_keys.id').execute();
      return c.json({ items: rows.map(keyJson) }, 200);
    })
    .openapi(revokeKey, async (c) => {
      const scope = c.get('provider');
      const { id } = c.req.valid('param');
      const key = await db.transaction().execute(async (trx) => {
        const found = await selectKeys(trx, scope.providerId).where('signing_keys.id', '=', id).executeTakeFirst();
        if (!found) throw notFound('Signing key');
        if (found.revoked_at) return found;
        await trx.updateTable('signing_keys').set({ revoked_at: sql`now()` }).where('id', '=', id).execute();
        await auditProviderChange(trx, scope, { action: 'signing_key.revoked', subjectType: 'signing_key', subjectId: id, details: { issuer: found.issuer } });
        return selectKeys(trx, scope.providerId).where('signing_keys.id', '=', id).executeTakeFirstOrThrow();
      });
      keys.invalidate(key.issuer);
      return c.json(keyJson(key), 200);
    });
};
