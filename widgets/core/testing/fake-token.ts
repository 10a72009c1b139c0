const base64url = (value: object) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/** An unsigned JWT for fixtures: the widgets only read `exp`; nothing here is ever verified. */
export function fakeToken(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub: 'usr_fixture', aud: 'lead-portal', iat: now, exp: now + 3600, ...claims };
  return `${base64url({ alg: 'none', typ: 'lp-portal+jwt' })}.${base64url(payload)}.fixture`;
}
