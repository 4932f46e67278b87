/**
 * The claimed score: `--score` is read in metric units by the protocol's shared `parseScore` (as the
 * web app reads it), `--fixed-score` is the benchmark's fixed-point integer as it is; exactly one of
 * them, and anything else is refused with a sentence. Also through the CLI itself, where the check
 * comes before the chain is asked anything.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { claimedScoreInput, toFixedScore, type ScoreOptions } from "../src/commands/submit.ts";
import { CliError } from "../src/output.ts";
import { runCli } from "./helpers.ts";

const SCALE = 1_000_000n;
const fixed = (options: ScoreOptions, scale = SCALE) => toFixedScore(claimedScoreInput(options), scale);

/** Asserts that `body` throws a CliError (one sentence, no stack for the user) matching `pattern`. */
function refuses(body: () => unknown, pattern: RegExp): void {
  assert.throws(body, (error: unknown) => {
    assert.ok(error instanceof CliError, String(error));
    assert.match(error.message, pattern);
    assert.match(error.message, /^[A-Z-].*\.$/, "one sentence");
    return true;
  });
}

describe("--score and --fixed-score", () => {
  it("--score 2 and --fixed-score 2000000 mean the same on a 1e6 scale", () => {
    assert.equal(fixed({ score: "2" }), 2_000_000n);
    assert.equal(fixed({ fixedScore: "2000000" }), 2_000_000n);
    assert.equal(fixed({ score: "4.805749" }), fixed({ fixedScore: "4805749" }));
    assert.equal(fixed({ score: "-1.5" }), -1_500_000n);
    assert.equal(fixed({ score: "0.5" }, 1_000n), 500n, "the project's scale, not always 1e6");
  });

  it("refuses both, and neither", () => {
    refuses(() => claimedScoreInput({ score: "2", fixedScore: "2000000" }), /^Give the claimed score once: --score 2 \(metric units\) or --fixed-score 2000000 .*not both\.$/);
    refuses(() => claimedScoreInput({}), /^Give the claimed score: --score in metric units .* or --fixed-score with the fixed-point integer/);
  });

  it("refuses a score finer than the scale, and what is not a number", () => {
    refuses(() => fixed({ score: "4.8057491" }), /^--score 4\.8057491 is finer than the project's metric scale of 1000000 allows; round it, or give the fixed-point integer with --fixed-score\.$/);
    refuses(() => fixed({ score: "0.5" }, 1n), /is finer than the project's metric scale of 1 allows/);
    refuses(() => fixed({ score: "4.8e6" }), /^--score takes a number in metric units/);
    refuses(() => fixed({ score: "" }), /^--score takes a number in metric units/);
    refuses(() => fixed({ fixedScore: "4.805749" }), /^--fixed-score takes the fixed-point integer the benchmark prints/);
  });

  it("the CLI refuses both or neither in one line, before it needs a chain or a keystore", async () => {
    const rpc = ["--rpc", "http://127.0.0.1:9", "--keystore", "/nonexistent/keystore.json"];
    const both = await runCli([...rpc, "submit", ".", "--project", "0", "--score", "2", "--fixed-score", "2000000", "--log", "x.log"]);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /^research: error: Give the claimed score once: .*, not both\.\n$/);
    const neither = await runCli([...rpc, "--json", "submit", ".", "--project", "0", "--log", "x.log"]);
    assert.equal(neither.code, 1);
    assert.equal(neither.json.ok, false);
    assert.match(neither.json.error, /^Give the claimed score: /);
  });
});
