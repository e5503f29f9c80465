/** Masks secrets that can travel in URLs (candidate tokens in paths, tokens in query strings). */
export function redactUrl(url: string): string {
  return url
    .replace(/(\/public\/interviews\/)[^/?#]+/g, '$1[redacted]')
    .replace(/(\/dev-upload\/[^?#]*\?)[^#]*/g, '$1[redacted]')
    .replace(/([?&](?:token|signature|sig|refresh_token)=)[^&#]*/gi, '$1[redacted]');
}
