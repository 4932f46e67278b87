/**
 * VerifierRegistry: the allowlist, what verifiers say about themselves, and the bonds of the bonded set
 * with the parts locked in review seats and seized as penalties.
 */
import { ponder } from "ponder:registry";
import { verifier, verifierBond } from "ponder:schema";

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

ponder.on("VerifierRegistry:BondPosted", async ({ event, context }) => {
  // A post always leaves the bond at or above the minimum: the poster is in the bonded set.
  const values = { amount: event.args.bond, bonded: true, withdrawableAt: null, updatedAt: event.block.timestamp };
  await context.db
    .insert(verifierBond)
    .values({ address: lower(event.args.verifier), ...values })
    .onConflictDoUpdate(values);
});

ponder.on("VerifierRegistry:UnbondRequested", async ({ event, context }) => {
  const values = { amount: event.args.bond, bonded: false, withdrawableAt: event.args.withdrawableAt, updatedAt: event.block.timestamp };
  await context.db
    .insert(verifierBond)
    .values({ address: lower(event.args.verifier), ...values })
    .onConflictDoUpdate(values);
});

ponder.on("VerifierRegistry:BondWithdrawn", async ({ event, context }) => {
  const values = { amount: 0n, bonded: false, withdrawableAt: null, updatedAt: event.block.timestamp };
  await context.db
    .insert(verifierBond)
    .values({ address: lower(event.args.verifier), ...values })
    .onConflictDoUpdate(values);
});

ponder.on("VerifierRegistry:BondLocked", async ({ event, context }) => {
  await context.db
    .update(verifierBond, { address: lower(event.args.verifier) })
    .set({ locked: event.args.locked, updatedAt: event.block.timestamp });
});

ponder.on("VerifierRegistry:BondReleased", async ({ event, context }) => {
  const { verifier: address, unlocked, seized, bond, bonded } = event.args;
  await context.db.update(verifierBond, { address: lower(address) }).set((row) => ({
    amount: bond,
    bonded: row.withdrawableAt === null ? bonded : false,
    locked: row.locked - unlocked,
    seized: row.seized + seized,
    updatedAt: event.block.timestamp,
  }));
});
