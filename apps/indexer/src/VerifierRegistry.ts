/** VerifierRegistry: the allowlist and what verifiers say about themselves. */
import { ponder } from "ponder:registry";
import { verifier } from "ponder:schema";

import { lower } from "./lib/store.ts";

ponder.on("VerifierRegistry:VerifierAdded", async ({ event, context }) => {
  const address = lower(event.args.v);
  const time = event.block.timestamp;
  await context.db
    .insert(verifier)
    .values({ address, active: true, addedAt: time })
    .onConflictDoUpdate({ active: true, addedAt: time, removedAt: null });
});

ponder.on("VerifierRegistry:VerifierRemoved", async ({ event, context }) => {
  await context.db
    .insert(verifier)
    .values({ address: lower(event.args.v), active: false, removedAt: event.block.timestamp })
    .onConflictDoUpdate({ active: false, removedAt: event.block.timestamp });
});

ponder.on("VerifierRegistry:VerifierMetadataSet", async ({ event, context }) => {
  const { verifier: address, displayName, attestationKeyHash } = event.args;
  await context.db
    .insert(verifier)
    .values({ address: lower(address), active: true, displayName, attestationKeyHash })
    .onConflictDoUpdate({ displayName, attestationKeyHash });
});
