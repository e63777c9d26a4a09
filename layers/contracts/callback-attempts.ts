// Schema-free, so the manifest (in every bundle: runtime/env.ts reads it) can size the callback queue
// without building the callback contract's schemas (callbacks.ts re-exports it).

/** POSTs of one batch before it is dead-lettered: the callback queue's maxReceiveCount. */
export const CALLBACK_MAX_ATTEMPTS = 6;
