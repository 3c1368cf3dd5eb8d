// A REST API's BinaryMediaTypes, as API Gateway reads them: a request body whose Content-Type
// matches is passed base64-encoded, and an isBase64Encoded answer is decoded when the request's
// Accept matches. Entries are `type/subtype` with `*` wildcards (`image/*`, `*/*`).

/** Whether `contentType` (a Content-Type, or an Accept list) matches one of the types. */
export function isBinaryType(types: readonly string[], contentType: string | undefined): boolean {
  if (!contentType || types.length === 0) return false;
  const candidates = contentType.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  return types.some((declared) => {
    const [type, subtype] = declared.toLowerCase().split('/');
    return candidates.some((c) => {
      const [ct, cs] = c.split('/');
      return (type === '*' || type === ct) && (subtype === '*' || subtype === cs);
    });
  });
}
