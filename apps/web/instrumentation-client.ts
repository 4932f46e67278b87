/**
 * Runs in the browser before the app's code. Zod parses without its `new Function` fast path
 * (`jitless`): under the pages' CSP (no `'unsafe-eval'`, `lib/securityHeaders.ts`) that path cannot
 * run anyway, and the probe zod makes for it is reported as a CSP violation even though zod catches
 * it. Zod keeps its global config on `globalThis.__zod_globalConfig` (shared by every copy, read
 * when zod first loads), so it is set here without loading zod on pages that never use it.
 */
const shared = globalThis as typeof globalThis & { __zod_globalConfig?: { jitless?: boolean } };
shared.__zod_globalConfig = { ...shared.__zod_globalConfig, jitless: true };
