import type { CustomerAccess } from '../auth/access.js';
import type { VerifiedToken } from '../auth/jwt.js';

/** The verified caller of a buyer API request: every query is scoped by these, never by the body. */
export interface Scope {
  providerId: string;
  userId: string;
  customer: CustomerAccess;
  customers: CustomerAccess[];
  token: VerifiedToken;
}

export interface ProviderScope {
  providerId: string;
  apiKeyId: string;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    scope: Scope;
    provider: ProviderScope;
  };
};
