import { secureHeaders } from 'hono/secure-headers';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

/**
 * The documented page policy (README "Content Security Policy"): scripts only from our origin and Stripe (D31),
 * no inline scripts, no plugins; styles from our origin (Lit uses constructable stylesheets).
 */
export function pagePolicy(frameAncestors: string[], portalOrigins: string[] = [], scriptHashes: string[] = []): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...portalOrigins, ...scriptHashes, 'https://js.stripe.com'],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", ...portalOrigins, 'data:'],
    connectSrc: ["'self'", ...portalOrigins, 'https://api.stripe.com'],
    frameSrc: ['https://js.stripe.com', 'https://hooks.stripe.com'],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: frameAncestors.length ? frameAncestors : ["'none'"],
  };
}

/**
 * Strict headers for server-rendered pages; `frameAncestors` lists the origins allowed to frame them, and
 * `portalOrigins` the portal origins a provider's page loads widgets from and calls (the demo site's case), and
 * `scriptHashes` inline scripts allowed by hash (the embed snippet's import map).
 */
export function pageHeaders(frameAncestors: string[] = [], portalOrigins: string[] = [], scriptHashes: string[] = []): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: pagePolicy(frameAncestors, portalOrigins, scriptHashes),
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: 'same-origin',
  });
}
