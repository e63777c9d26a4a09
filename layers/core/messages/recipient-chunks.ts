// How a request's recipients are stored (docs/ARCHITECTURE.md): inline in the request item when few,
// else in chunk items of the same partition. 250 recipients at their maximum field lengths stay well
// under DynamoDB's 400 KB item limit, and 10,000 recipients make 40 chunks: one transaction (≤ 100 items).

export const INLINE_MAX = 50;
export const CHUNK_SIZE = 250;

export const chunkCountOf = (recipients: number): number => (recipients <= INLINE_MAX ? 0 : Math.ceil(recipients / CHUNK_SIZE));

export const chunkSortKey = (chunk: number): string => `USERS#${String(chunk).padStart(4, '0')}`;
