// The Content-Security-Policy of every page: no inline script, no inline style, nothing from
// elsewhere. Pages carry it in <meta>; deploy/nginx-headers.conf sends it as a header, with
// frame-ancestors added (which only a header can carry). scripts/deploy.test.ts keeps them equal.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";
