import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { getRuntimeConfig } from "../runtimeConfig.ts";
import nextConfig, { SECURITY_HEADERS } from "../../next.config.ts";
import { buildContentSecurityPolicy, createNonce, getRpcOrigins } from "../securityHeaders.ts";

/** The policy as a map of directive → sources. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

const base = { nonce: "abc123", rpcOrigins: ["http://127.0.0.1:8545"], walletConnect: false, dev: false };

describe("buildContentSecurityPolicy", () => {
  it("runs scripts only with the render's nonce, never inline ones or eval in production", () => {
    const policy = parse(buildContentSecurityPolicy(base));
    const scripts = policy.get("script-src")!;
    assert.ok(scripts.includes("'nonce-abc123'"));
    assert.ok(scripts.includes("'strict-dynamic'"));
    assert.ok(!scripts.includes("'unsafe-inline'"));
    assert.ok(!scripts.includes("'unsafe-eval'"));
    assert.ok(scripts.includes("'wasm-unsafe-eval'"), "hash-wasm compiles WebAssembly");
    assert.deepEqual(policy.get("object-src"), ["'none'"]);
  });

  it("allows eval only under next dev", () => {
    assert.ok(parse(buildContentSecurityPolicy({ ...base, dev: true })).get("script-src")!.includes("'unsafe-eval'"));
  });

  it("lets no site frame a page", () => {
    assert.deepEqual(parse(buildContentSecurityPolicy(base)).get("frame-ancestors"), ["'none'"]);
    assert.deepEqual(parse(buildContentSecurityPolicy({ ...base, walletConnect: true })).get("frame-ancestors"), ["'none'"]);
  });

  it("connects to this origin and the chain's RPC; WalletConnect's hosts only when its wallets are offered", () => {
    const local = parse(buildContentSecurityPolicy(base));
    assert.deepEqual(local.get("connect-src"), ["'self'", "http://127.0.0.1:8545"]);
    assert.deepEqual(local.get("frame-src"), ["'none'"]);
    assert.ok(!buildContentSecurityPolicy(base).includes("walletconnect"));
    const withWalletConnect = parse(buildContentSecurityPolicy({ ...base, walletConnect: true }));
    assert.ok(withWalletConnect.get("connect-src")!.includes("wss://*.walletconnect.org"));
    assert.ok(withWalletConnect.get("frame-src")!.includes("https://verify.walletconnect.org"));
  });

  it("is one header line of distinct directives", () => {
    const policy = buildContentSecurityPolicy({ ...base, rpcOrigins: ["http://127.0.0.1:8545", "http://127.0.0.1:8545"] });
    assert.doesNotMatch(policy, /[\r\n]/);
    const names = policy.split(";").map((directive) => directive.trim().split(" ")[0]);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual(parse(policy).get("connect-src"), ["'self'", "http://127.0.0.1:8545"]);
  });
});

describe("getRpcOrigins", () => {
  it("is the origin of each target chain's browser RPC", () => {
    assert.deepEqual(getRpcOrigins(getRuntimeConfig({ NEXT_PUBLIC_TARGET_NETWORK: "localhost", CHAIN_PORT: "9545" })), ["http://127.0.0.1:9545"]);
    assert.deepEqual(
      getRpcOrigins(getRuntimeConfig({ NEXT_PUBLIC_TARGET_NETWORK: "galileo", NEXT_PUBLIC_GALILEO_RPC_URL: "https://rpc.example.org/v1/abc" })),
      ["https://rpc.example.org"],
    );
    const publicGalileo = getRpcOrigins(getRuntimeConfig({ NEXT_PUBLIC_TARGET_NETWORK: "galileo" }));
    assert.equal(publicGalileo.length, 1);
    assert.match(publicGalileo[0]!, /^https:\/\//);
  });
});

describe("createNonce", () => {
  it("is 128 random bits in base64, new each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    assert.equal(nonces.size, 100);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("the headers of every response (next.config.ts)", () => {
  it("apply to every path", async () => {
    assert.deepEqual(await nextConfig.headers!(), [{ source: "/:path*", headers: SECURITY_HEADERS }]);
  });

  it("forbid framing and sniffing, trim referrers and deny unused powerful features", () => {
    const headers = new Map(SECURITY_HEADERS.map(({ key, value }) => [key.toLowerCase(), value]));
    assert.equal(headers.get("x-frame-options"), "DENY");
    assert.equal(headers.get("x-content-type-options"), "nosniff");
    assert.equal(headers.get("referrer-policy"), "strict-origin-when-cross-origin");
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
      assert.match(headers.get("permissions-policy")!, new RegExp(`(^|, )${feature}=\\(\\)`));
    }
  });
});
