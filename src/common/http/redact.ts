/** A path segment that looks like a bearer secret (an invite token is 43 base64url characters), but not a UUID. */
const SECRET_SEGMENT = /(?<=\/)(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:[./?#]|$))[A-Za-z0-9_%-]{32,}(?=[/?#.]|$)/gi;

/**
 * Masks secrets that can travel in URLs (candidate tokens in paths, tokens in query strings). Matching
 * ignores case and also masks any token-like segment, so `/API/V1/PUBLIC/interviews/<token>` or an encoded
 * `/%70ublic/…` — which the router refuses but the log still sees — leaks nothing either.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/(\/public\/interviews\/)[^/?#]+/gi, '$1[redacted]')
    .replace(/(\/dev-upload\/[^?#]*\?)[^#]*/gi, '$1[redacted]')
    .replace(/([?&](?:token|signature|sig|refresh_token)=)[^&#]*/gi, '$1[redacted]')
    .replace(SECRET_SEGMENT, '[redacted]');
}
