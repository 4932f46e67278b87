/**
 * The read API's route table (`src/api/routes.ts`): the web app's proxy passes exactly its public
 * routes, with ids and addresses in their shapes, and nothing else.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { isPublicRoute, PUBLIC_PATHS, READ_ROUTES } from "../src/api/routes.ts";

describe("isPublicRoute", () => {
  it("passes what the browser reads", () => {
    for (const path of [
      "/projects",
      "/projects/0",
      "/projects/12/trades",
      "/projects/12/candles",
      "/projects/12/proposals",
      "/proposals/7",
      "/queue",
      "/accounts/0x90F79bf6EB2c4f870365E785982E1f101E93b906",
      "/status",
    ]) {
      assert.ok(isPublicRoute(path), path);
    }
  });

  it("refuses the server-only routes, Ponder's own, bad parameters and anything else", () => {
    for (const path of [
      "/projects/0/overview",
      "/proposals",
      "/ready",
      "/health",
      "/metrics",
      "/graphql",
      "/sql/db",
      "/projects/x",
      "/projects/-1/trades",
      "/accounts/0x1234",
      "/projects/0/trades/extra",
      "/../status",
      "",
    ]) {
      assert.equal(isPublicRoute(path), false, path);
    }
  });

  it("lists every public read route once", () => {
    const publicRead = Object.values(READ_ROUTES).filter((route) => route.public).map((route) => route.path);
    for (const path of publicRead) assert.ok(PUBLIC_PATHS.includes(path), path);
    assert.equal(new Set(PUBLIC_PATHS).size, PUBLIC_PATHS.length);
  });
});
