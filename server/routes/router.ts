import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { validationHook } from '../http/errors.js';

/** Every sub-app validates the same way: a failed zod check becomes the one 400 shape naming the fields. */
export const newRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
