import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ApiError, type ErrorBody } from '../errors.js';
import type { AppEnv } from './env.js';

export function errorBody(c: Context<AppEnv>, error: ApiError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
      request_id: c.get('requestId'),
    },
  };
}

/** Renders ApiError as the one error shape; anything else is a logged 500 with no detail for the client. */
export function onError(logger: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof ApiError) return c.json(errorBody(c, err), err.status, err.headers);
    if (isMalformedBody(err)) return c.json(errorBody(c, new ApiError('invalid_request', 'Request body is not valid JSON')), 400);
    logger.error({ err, request_id: c.get('requestId'), route: c.req.routePath }, 'unhandled error');
    return c.json(errorBody(c, new ApiError('internal', 'Something went wrong on our side')), 500);
  };
}

const isMalformedBody = (err: Error) => err instanceof SyntaxError || (err as { status?: number }).status === 400;

export const onNotFound: NotFoundHandler<AppEnv> = (c) => c.json(errorBody(c, new ApiError('not_found', 'No such route')), 404);

/** zod-openapi's hook: a failed validation becomes a 400 naming each bad field. */
export function validationHook(result: { success: boolean; error?: z.ZodError }): void {
  if (result.success || !result.error) return;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join('.') || '_';
    fields[path] ??= issue.message;
  }
  throw new ApiError('invalid_request', 'Some fields are invalid', fields);
}
