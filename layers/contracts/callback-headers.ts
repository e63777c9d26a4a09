// The headers of a signed callback (docs/CALLBACKS.md), in a module of their own: the gateway's
// receipts are verified with them too, and that function needs none of the callbacks' schemas.

export const CALLBACK_TIMESTAMP_HEADER = 'x-hcmsg-timestamp';
export const CALLBACK_SIGNATURE_HEADER = 'x-hcmsg-signature';
