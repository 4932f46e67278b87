/**
 * The relay's limits that the browser needs too (a file over the limit is refused before it is
 * hashed or sent). No imports: safe in any bundle.
 */

/** Default size limit per artifact (`STORAGE_MAX_BYTES` overrides it on the relay). */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Default size of one chunk of a chunked upload (`STORAGE_CHUNK_BYTES` overrides it on the relay):
 * under the request-body caps of serverless platforms (e.g. 4.5 MB), and a whole number of 0G
 * segments (256 KiB). Artifacts larger than one chunk are sent in chunks.
 */
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
