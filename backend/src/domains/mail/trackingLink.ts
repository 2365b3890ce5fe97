import { isUuid } from '#db/ids';
import { readTokenPayload, signToken, verifyToken } from '#security/signedToken';

/** What a signed tracking token names: the send, and for a click the link's target. */
export type TrackingClaim = { tenantId: string; sendKey: string; url: string | null };

/** The path of the public tracking route (open pixel and click redirect). */
export const TRACKING_PATH = '/t/:token';

// Domain separation: the tenant's unsubscribe secret signs these too, under another prefix.
const DOMAIN = 'track:';

/** A token `<payload>.<hmac>`; the URL is inside the signed payload, so the redirect cannot be pointed elsewhere. */
export function signTracking(secret: Buffer, claim: TrackingClaim): string {
  return signToken(secret, [claim.tenantId, claim.sendKey, claim.url], DOMAIN);
}

/** The claim of a token, unverified (to find the tenant whose secret checks it); null when malformed. */
export function readTracking(token: string): TrackingClaim | null {
  const payload = readTokenPayload(token);
  if (!Array.isArray(payload)) return null;
  const [tenantId, sendKey, url] = payload as unknown[];
  if (
    !isUuid(tenantId) ||
    typeof sendKey !== 'string' ||
    !/^(seq|manual):/.test(sendKey) ||
    sendKey.length > 300 ||
    sendKey.includes('\u0000')
  )
    return null;
  if (url !== null && (typeof url !== 'string' || !/^https?:\/\//i.test(url))) return null;
  return { tenantId, sendKey, url };
}

/** True when the token's signature is the secret's. */
export function verifyTracking(secret: Buffer, token: string): boolean {
  return verifyToken(secret, token, DOMAIN);
}

const decodeAttr = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
const encodeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * Adds open and click tracking to an email body: every `http(s)` link goes through the click redirect, and a
 * 1x1 pixel goes at the end (each only when asked, both by default). `base` is the public URL of the API.
 */
export function addTracking(
  html: string,
  base: string,
  secret: Buffer,
  tenantId: string,
  sendKey: string,
  track: { opens: boolean; clicks: boolean } = { opens: true, clicks: true },
): string {
  const link = (url: string | null) =>
    `${base.replace(/\/$/, '')}/t/${signTracking(secret, { tenantId, sendKey, url })}`;
  const tracked = track.clicks
    ? html.replace(/href="(https?:\/\/[^"]+)"/gi, (_m, url: string) => `href="${encodeAttr(link(decodeAttr(url)))}"`)
    : html;
  return track.opens ? `${tracked}<img src="${link(null)}" width="1" height="1" alt="" style="display:none">` : tracked;
}

/**
 * Takes our open pixel out of a body shown inside Pivotal (a sent copy read by its sender must not count as the
 * recipient's open). Tracked links stay: a click through them is a click.
 */
export function withoutTrackingPixel(html: string, base: string): string {
  const prefix = `${base.replace(/\/$/, '')}/t/`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return html.replace(new RegExp(`<img\\b[^>]*\\bsrc="${prefix}[^"]*"[^>]*>`, 'gi'), '');
}
