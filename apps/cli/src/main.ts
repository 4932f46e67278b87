/**
 * `research`: the Open Research Market from a terminal, over the same contracts and storage relay
 * as the web app. Run `research --help` or `research <command> --help`.
 */
import { Command, CommanderError, Option } from "commander";

import type { GlobalOptions } from "./chain.ts";
import { appealCommand } from "./commands/appeal.ts";
import { benchCommand } from "./commands/bench.ts";
import { checkoutCommand } from "./commands/checkout.ts";
import { createCommand } from "./commands/create.ts";
import { mineCommand } from "./commands/mine.ts";
import { claimCommand, expireCommand, rewardsCommand } from "./commands/node.ts";
import { bondCommand } from "./commands/bond.ts";
import { keystoreAddress, keystoreCreate, keystoreImport } from "./commands/keystore.ts";
import { statusCommand } from "./commands/status.ts";
import { submitCommand } from "./commands/submit.ts";
import { verifyCommand } from "./commands/verify.ts";
import { readPassphraseFile } from "./keystore.ts";
import { installResilientFetch } from "./net.ts";
import { CliError, createOutput, errorColors, type Output } from "./output.ts";
import { chooseSigner, DEV_ACCOUNT_ROLES } from "./signer.ts";

installResilientFetch();

// A closed pipe (`research status | head`) ends the command quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const program = new Command();

/** The dev accounts by role for the help text: "5 and 6 verifiers, 4 and 8 miners, …". */
function devAccountRoles(): string {
  const byRole = new Map<string, number[]>();
  DEV_ACCOUNT_ROLES.forEach((role, index) => byRole.set(role, [...(byRole.get(role) ?? []), index]));
  return [...byRole]
    .map(([role, indices]) => (indices.length === 1 ? `${indices[0]} the ${role}` : `${indices.slice(0, -1).join(", ")} and ${indices.at(-1)} ${role}s`))
    .join("; ");
}

program
  .name("research")
  .description("The Open Research Market from the terminal: verify proposals in a sandbox, submit and mine improvements, create projects.")
  .option("--rpc <url>", "the chain's JSON-RPC URL (env RESEARCH_RPC_URL; default http://127.0.0.1:8545 on localhost)")
  .option("--web <url>", "the web app / storage relay base URL (env RESEARCH_WEB_URL; default http://127.0.0.1:3000)")
  .option("--network <name>", "read contract addresses from deployments/<name>.json (env RESEARCH_NETWORK; default localhost)")
  .option("--deployment <file>", "read contract addresses from this deployment file instead")
  .option("--keystore <file>", "the encrypted key file to sign with (env RESEARCH_KEYSTORE; default ~/.research/keystore.json); passphrase from a prompt or RESEARCH_PASSPHRASE")
  .option("--passphrase-file <file>", "read the keystore's passphrase from this file (owner-only, mode 600) instead of a prompt or RESEARCH_PASSPHRASE")
  .option("--dev-account <index>", "local chain (id 31337) only: sign as the local node's dev account <index> instead of the keystore (env RESEARCH_DEV_ACCOUNT; 0-9, see below)")
  .option("--json", "print one JSON document as the result")
  .option("-q, --quiet", "no progress lines on stderr")
  .addHelpText(
    "after",
    `
Keys: status and verify --list only read, and ask for no key. The commands that send transactions
(verify, appeal, submit, create, mine, bond) sign with the keystore or, on the local chain, with --dev-account
<index>: the accounts of \`npm start\` and the web app's dev wallet, by index
  ${devAccountRoles()}.
--dev-account is refused on any other chain (the RPC's chain id is checked before anything is signed).`,
  )
  .showHelpAfterError("(run with --help for usage)")
  .configureOutput({ outputError: (text, write) => write(errorColors().red(text)) });

function globals(): GlobalOptions {
  return program.opts<GlobalOptions>();
}

/**
 * Runs a command body with the output chosen by the global flags; errors become one line. A
 * malformed key choice (--dev-account 12, both --dev-account and --keystore) is refused before
 * anything is read, whether or not the command signs.
 */
function action<A extends unknown[]>(body: (out: Output, ...args: A) => Promise<void>) {
  return async (...args: A) => {
    const { json, quiet } = globals();
    const out = createOutput({ json, quiet });
    chooseSigner(globals());
    // A missing or shared passphrase file is refused before anything is read or measured.
    const { passphraseFile } = globals();
    if (passphraseFile !== undefined) await readPassphraseFile(passphraseFile);
    await body(out, ...args);
  };
}

program
  .command("status")
  .description("a project's best, history and open proposals (or every project); --proposal: one proposal and its review (a pending decision, an appeal)")
  .argument("[project-id]", "the project")
  .option("--proposal <id>", "one proposal: its claim, stake and where its review stands (the decision, the appeal window, an appeal round)")
  .action(action((out, project: string | undefined, options) => statusCommand(project, options, globals(), out)));

program
  .command("verify")
  .description("claim a proposal, re-run its benchmark on the hash-verified artifacts in the sandbox, and decide it on-chain (final after the appeal window); or take a quorum review's due steps")
  .argument("[proposal-id]", "the proposal to verify (default: the oldest open one in the queue)")
  .option("--list", "list the queue and stop")
  .option("--project <id>", "only proposals of this project")
  .option("--watch", "keep verifying new proposals as they arrive (Ctrl-C to stop)")
  .option("--interval <seconds>", "with --watch: how often to poll the queue", "10")
  .option("--max <n>", "with --watch: stop after n proposals (claims decided or settled; on quorum reviews and appeals, seats revealed and reviews finalized)")
  .option("--claim-first", "claim before measuring (for long benchmarks); a failed run releases the claim")
  .option("--wait-earlier <seconds>", "where decisions settle at once (no appeals): how long an approval waits, holding its claim, for an earlier open proposal of the project to be settled (approvals go in priority order)", "600")
  .option("--as <address>", "with --list: the queue as this address sees it (no key needed; default: --dev-account's or the keystore file's address, else the neutral view)")
  .option("--dry-run", "rehearse: fetch, measure and decide as a review would, but claim, upload and send nothing (no key needed)")
  .option("--record <file>", "append one JSON line per attempted proposal here (env RESEARCH_REVIEW_RECORD; default ~/.research/reviews.jsonl)")
  .option("--no-record", "keep no review record")
  .option("--crank", "with --watch: while idle, expire lapsed proposals and claim the review fees earned")
  .option("--score <value>", "quorum seat: re-enter the measurement (metric units) for a reveal whose local record is gone")
  .option("--fixed-score <integer>", "quorum seat: the same, as the benchmark's fixed-point integer")
  .option("--did-not-run", "quorum seat: re-enter \"the proposal did not run\" for a reveal whose local record is gone")
  .addHelpText(
    "after",
    `
Decision: the median of the protocol's runs must reproduce the claim within the protocol's
tolerance (else reject); a reproduced score that beats the best by the project's minimum is
approved; one overtaken by an approval since its submission is superseded; otherwise rejected.
Order: the queue is in priority order (a reveal's priority is its commitment's time), and the
ledger approves a project's proposals in that order, so an approval waits for an earlier open one.
Fault policy: a code bundle that escapes its directory (.., absolute paths, links out) or is not a
tar is the miner's fault: claimed and rejected with the reason in the attestation. A run over the
limits is skipped (the claim released), or rejected when the protocol's limits are normative
(benchmarkPlan.limitsNormative). Relay and RPC errors are retried under --watch with backoff.
Sandbox: bubblewrap (no network, read-only system, private work dir) with the protocol's CPU-time,
memory and wall-clock limits. Nothing is sent before the measurement is done.
One reviewer (k = 1): the decision does not settle, it decides. It locks the proposal's seat lock
(ReviewQuorum.seatLockOf) of your free verifier bond (refused, nothing sent, when the bond is short:
research bond post <amount>) and is final after the appeal window (48 h; 10 minutes on the local stack)
unless someone appeals (research appeal). verify <id> on a decided proposal finalizes it once the window
has passed (anyone may), or says until when it is pending.
Quorum projects (reviewQuorum k > 1): nobody claims; seats are drawn from bonded verifiers
(research bond post). verify <id> (or verify / --watch for every review) takes what is due: request
the review, draw the seats once the draw block is mined, measure and commit the seats you hold, reveal
them, end a late commit phase, close the round, finalize after the appeal window, withdraw your pay.
Appeal rounds (of either) go the same way with 2k + 1 fresh seats.
The measurement waits in $RESEARCH_STATE_DIR/seats (default ~/.research) between commit and reveal; the
salt is recomputed from your signature. --list shows your seats and what each review is due for.`,
  )
  .action(action((out, proposal: string | undefined, options) => verifyCommand(proposal, options, globals(), out)));

program
  .command("appeal")
  .description("appeal a decided review within its appeal window (a single reviewer's decision or a quorum's round): post the appeal bond and have fresh verifiers re-run it")
  .argument("<proposal-id>", "the proposal whose decision to appeal")
  .option("--yes", "appeal without asking (required when there is no terminal to ask on)")
  .addHelpText(
    "after",
    `
The bond is ReviewQuorum.appealBondOf: 0.1 of a seat lock for each of the appeal round's 2k + 1 seats
(0.3 of the reviewer's lock for a single reviewer's decision). The seats are drawn from the bonded
verifiers (not the miner, the recipient, the creator or the first round's seats) from a block a few
blocks ahead; they measure, commit and reveal (research verify), and their median is final. The bond
pays the appeal seats that agree with the outcome, whichever it is; if the outcome changes a single
reviewer's verdict, its whole lock is yours (on a quorum, the locks of the first-round seats that
disagree with it). A proposal not decided, a closed window or an appeal already taken is one sentence,
nothing sent.`,
  )
  .action(action((out, proposal: string, options) => appealCommand(proposal, options, globals(), out)));

program
  .command("submit")
  .description("propose a directory's code in one action: commit to its roots, upload it and its log once the commitment is mined, reveal and stake")
  .argument("<dir>", "the code to submit (the whole tree; .git and node_modules are left out), or a workspace of `research checkout`")
  .option("--project <id>", "the project (a workspace of `research checkout` names its own)")
  .option("--measure", "run the benchmark on <dir> as a verifier would and claim the median, with its log (instead of --score and --log)")
  .option("--score <value>", "the claimed score in metric units, e.g. 4.805749 (as the web app reads it)")
  .option("--fixed-score <integer>", "the claimed score as the fixed-point integer the benchmark prints, e.g. 4805749 (the value times the project's metric scale)")
  .option("--log <file>", "the benchmark log to publish with it")
  .option("--stake <n>", "tokens to stake (default: the project's minimum)")
  .option("--buy", "buy the missing stake on the bonding curve")
  .option("--max-cost <wei>", "with --buy: the most to pay (default: the quote plus 1%)")
  .option("--recipient <address>", "who receives the reward (default: you)")
  .option("--no-permit", "approve then reveal (two transactions) instead of revealing with an EIP-2612 permit")
  .addHelpText(
    "after",
    `
Give --measure, or exactly one of --score and --fixed-score with --log. With --measure, a median a
verifier would reject (it does not beat the best by the minimum) is not submitted. On a project with the usual scale of 1e6,
--score 4.805749 and --fixed-score 4805749 claim the same score; --score 2 claims 2.0
(fixed point 2000000), not the integer 2.

The code's root is committed to before anything shows it (commitProposal, mined first), then both
artifacts are uploaded and the proposal revealed within the ledger's commit window. The salt waits in
$RESEARCH_STATE_DIR/commitments (default ~/.research) until the reveal lands: if a run stops after the
commitment, run the same command again; it reveals the open commitment, or commits anew once it lapsed.
Verifiers may claim the proposal once the commit window has passed.`,
  )
  .action(action((out, dir: string, options) => submitCommand(dir, options, globals(), out)));

program
  .command("checkout")
  .description("a workspace with a project's best (or a proposal's) code, the read-only benchmark bundle, the brief (program.md) and a bench script, each artifact checked against its on-chain root")
  .argument("<project-id>", "the project")
  .option("--proposal <id>", "check out this proposal's code instead of the best")
  .option("--dir <dir>", "where (default ./research-<project-id>)")
  .option("--force", "replace an existing checkout of the same project")
  .action(action((out, project: string, options) => checkoutCommand(project, options, globals(), out)));

program
  .command("bench")
  .description("measure a directory exactly as a verifier would (same bundle, sandbox and runs) and say what a verifier would decide")
  .argument("<dir>", "a workspace of `research checkout` (or its checkout/ folder), or any directory with --project")
  .option("--project <id>", "the project (a workspace names its own)")
  .option("--score <value>", "the claim to judge, in metric units (default: the measured median)")
  .option("--fixed-score <integer>", "the claim to judge, as the benchmark's fixed-point integer")
  .option("--save-log <file>", "write the benchmark log here")
  .addHelpText(
    "after",
    `
Reads only: no key, no transaction. The verdict is the shared rule (impliedVerdictOf) for a fresh
proposal: the median must reproduce the claim within the protocol's tolerance and beat the current
on-chain best by the project's minimum improvement.`,
  )
  .action(action((out, dir: string, options) => benchCommand(dir, options, globals(), out)));

program
  .command("expire")
  .description("expire proposals whose review window lapsed unreviewed (the stake goes back to the miner whole); anyone may")
  .argument("[proposal-id]", "this proposal only (default: every lapsed one)")
  .option("--project <id>", "only proposals of this project")
  .action(action((out, proposal: string | undefined, options) => expireCommand(proposal, options, globals(), out)));

program
  .command("rewards")
  .description("the review fees an address earned and may claim, per project (reads only)")
  .option("--as <address>", "whose (default: --dev-account's or the keystore file's address)")
  .option("--project <id>", "only this project")
  .action(action((out, options) => rewardsCommand(options, globals(), out)));

program
  .command("claim")
  .description("claim the review fees you earned on every project (or --project)")
  .option("--project <id>", "only this project")
  .action(action((out, options) => claimCommand(options, globals(), out)));

program
  .command("bond")
  .description("your verifier bond, without the registry's owner: status (default), post <amount>, leave, withdraw")
  .argument("[action]", "status, post, leave or withdraw")
  .argument("[amount]", "with post: how much native currency to add (a first bond must reach the minimum)")
  .option("--as <address>", "with status: whose bond (default: --dev-account's or the keystore file's address)")
  .action(action((out, bondAction: string | undefined, amount: string | undefined, options) => bondCommand(bondAction, amount, options, globals(), out)));

const keystore = program.command("keystore").description("create or import the encrypted key file (never a key on the command line)");
const keystoreFlags = (command: Command) =>
  command
    .option("--out <file>", "where to write it (default: --keystore, RESEARCH_KEYSTORE or ~/.research/keystore.json)")
    .addOption(new Option("--scrypt-n <n>", "scrypt cost (a power of two; default 131072, lower only for tests)"))
    .option("--force", "replace an existing file");
keystoreFlags(keystore.command("create").description("generate a new key and encrypt it (passphrase from a prompt or RESEARCH_PASSPHRASE)")).action(
  action((out, options) => keystoreCreate(options, globals(), out)),
);
keystoreFlags(keystore.command("import").description("encrypt an existing private key read from a hidden prompt or from stdin")).action(
  action((out, options) => keystoreImport(options, globals(), out)),
);
keystore
  .command("address")
  .description("print the keystore's address")
  .action(action((out) => keystoreAddress(globals(), out)));

program
  .command("create")
  .description("run the baseline in the sandbox, upload the artifacts and create the project")
  .argument("<repo-dir>", "the repository snapshot")
  .requiredOption("--protocol <file>", "the protocol document (JSON with a benchmarkPlan)")
  .option("--benchmark <dir>", "the benchmark bundle (default: the protocol's benchmarkBundle path, or ./benchmark beside the protocol)")
  .option("--symbol <symbol>", "the token symbol (default: the protocol's token.symbol)")
  .option("--name <name>", "the token name (default: the protocol's token.name or title)")
  .option("--base-price <wei>", "the curve's price of the first token")
  .option("--slope <wei>", "the curve's price step per token")
  .option("--pool-cap <tokens>", "the miner reward pool")
  .option("--min-stake <tokens>", "the smallest stake a proposal may carry")
  .option("--first-buy <tokens>", "tokens bought for you in the same transaction")
  .option("--quorum <k>", "the review quorum: an odd number of seats from 1 to 9 drawn from the bonded verifiers per proposal (default 1: one allowlisted verifier claims it)")
  .option("--parent <project-id>", "fork this project")
  .action(action((out, dir: string, options) => createCommand(dir, options, globals(), out)));

program
  .command("mine")
  .description("the autonomous research loop: an agent improves the best code with the brief and a bench script, the loop keeps what improves and submits what beats the chain")
  .argument("<project-id>", "the project")
  .requiredOption("--agent <command>", "a program that edits the working tree (run with sh -c in the checkout; see SKILL.md)")
  .option("--trials <n>", "trials in this run (default: the protocol's miningLoop.maxTrials, else 10)")
  .option("--workdir <dir>", "the workspace: checkout/, benchmark/, program.md, bench, trials.jsonl (default ./research-mine-<project-id>)")
  .option("--resume", "continue the session in --workdir (its checkout, loop best, trial count, submissions and spend)")
  .option("--max-wall <seconds>", "stop starting trials after this long (protocol: miningLoop.maxWallSeconds)")
  .option("--max-stagnant <n>", "stop after n trials in a row without improving the loop's best (protocol: miningLoop.maxStagnantTrials)")
  .option("--stop-after-submit", "stop once a proposal is submitted (protocol: miningLoop.stopAfterSubmit)")
  .option("--max-submissions <n>", "stop after n submissions in the session (protocol: miningLoop.maxSubmissions)")
  .option("--max-spend <wei>", "the most the session may spend on stake and gas, in wei; checked before the first trial and each submission (protocol: miningLoop.maxSpendWei)")
  .option("--auto-submit", "submit without asking when a kept result beats the on-chain best by the minimum")
  .option("--stake <n>", "tokens to stake on a submission (default: the project's minimum)")
  .option("--buy", "buy the missing stake on the bonding curve")
  .option("--recipient <address>", "who receives the rewards (default: the signing key; a cold wallet keeps the hot key's loss to stake and gas)")
  .option("--agent-timeout <seconds>", "stop an agent run after this long", "600")
  .option(
    "--agent-env <name>",
    "let the agent see this environment variable too (repeatable); it sees only the shell basics, RESEARCH_* settings and *_API_KEY/*_BASE_URL by default, never a wallet secret",
    (name: string, names: string[] = []) => [...names, name],
  )
  .addHelpText(
    "after",
    `
The agent runs in checkout/ with RESEARCH_BRIEF (program.md), RESEARCH_BENCH (measures checkout/ as a
verifier would), RESEARCH_BENCHMARK_DIR (read-only), RESEARCH_TRIALS (trials.jsonl),
RESEARCH_HYPOTHESIS_FILE (write one line), RESEARCH_BEST_SCORE, RESEARCH_NETWORK_BEST and the rest of
the environment except what unlocks a wallet. Before the first trial a preflight checks gas (the
chain's estimate of a commit and a reveal, at today's fee plus 25%), the stake (or --buy within
--max-spend), the RPC and the relay; nothing is sent on failure. Each budget flag wins over the
protocol's miningLoop value; without either there is no limit (10 trials).`,
  )
  .action(action((out, project: string, options) => mineCommand(project, options, globals(), out)));

program.exitOverride();
for (const command of program.commands) command.exitOverride();
for (const command of program.commands.find((c) => c.name() === "keystore")?.commands ?? []) command.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof CliError || error instanceof Error ? error.message : String(error);
    const detail = error instanceof CliError ? error.details : undefined;
    if (program.opts().json) process.stdout.write(`${JSON.stringify({ ok: false, error: message, ...detail })}\n`);
    process.stderr.write(`${errorColors().red("research: error:")} ${message.split("\n")[0]}\n`);
    if (process.env.RESEARCH_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}
