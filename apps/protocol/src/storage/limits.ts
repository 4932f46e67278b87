/**
 * The relay's limits that the browser needs too (a file over the limit is refused before it is
 * hashed or sent). No imports: safe in any bundle.
 */

/** Default size limit per artifact (`STORAGE_MAX_BYTES` overrides it on the relay). */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
