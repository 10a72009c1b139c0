import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { Mode } from '../config.js';

/**
 * Where a webhook may point (issue 7): in production only https to public addresses (no private, loopback,
 * link-local, shared, multicast or reserved ranges); in demo mode ("development", D8) https anywhere and http only
 * to localhost. Checked when a recipient is saved and again at send time on the addresses DNS gives then.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A non-public address. IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 address it carries. */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class UnsafeUrl extends Error {}

/** The URL's shape and, for an IP literal, its address; names are checked on their DNS answers (`resolveSafely`). */
export function checkWebhookUrl(raw: string, mode: Mode): URL {
  if (!URL.canParse(raw)) throw new UnsafeUrl('Enter a full URL, e.g. https://example.com/leads');
  const url = new URL(raw);
  if (url.username || url.password) throw new UnsafeUrl('Put credentials in the payload or a header, not in the URL');
  if (mode === 'demo') {
    if (url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) return url;
    throw new UnsafeUrl('Use an https:// URL (http:// only to localhost in demo mode)');
  }
  if (url.protocol !== 'https:') throw new UnsafeUrl('Use an https:// URL');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isBlockedAddress(host))) throw new UnsafeUrl('The URL points at a private or local address');
  return url;
}

/** DNS answers for a webhook host, refused when any is not public (production mode). */
export async function resolveSafely(hostname: string, mode: Mode): Promise<{ address: string; family: number }[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  if (mode === 'production' && addresses.some((a) => isBlockedAddress(a.address))) throw new UnsafeUrl(`${hostname} resolves to a private or local address`);
  return addresses;
}
