/**
 * `research`: the Open Research Market from a terminal, over the same contracts and storage relay
 * as the web app. Run `research --help` or `research <command> --help`.
 */
import { Command, CommanderError, Option } from "commander";

import type { GlobalOptions } from "./chain.ts";
import { createCommand } from "./commands/create.ts";
import { mineCommand } from "./commands/mine.ts";
import { keystoreAddress, keystoreCreate, keystoreImport } from "./commands/keystore.ts";
import { statusCommand } from "./commands/status.ts";
import { submitCommand } from "./commands/submit.ts";
import { verifyCommand } from "./commands/verify.ts";
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
  .option("--dev-account <index>", "local chain (id 31337) only: sign as the local node's dev account <index> instead of the keystore (env RESEARCH_DEV_ACCOUNT; 0-9, see below)")
  .option("--json", "print one JSON document as the result")
  .option("-q, --quiet", "no progress lines on stderr")
  .addHelpText(
    "after",
    `
Keys: status and verify --list only read, and ask for no key. The commands that send transactions
(verify, submit, create, mine) sign with the keystore or, on the local chain, with --dev-account
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
    await body(out, ...args);
  };
}

program
  .command("status")
  .description("a project's best, history and open proposals (or every project)")
  .argument("[project-id]", "the project")
  .action(action((out, project: string | undefined) => statusCommand(project, globals(), out)));

program
  .command("verify")
  .description("claim a proposal, re-run its benchmark on the hash-verified artifacts in the sandbox, and settle it on-chain")
  .argument("[proposal-id]", "the proposal to verify (default: the oldest open one in the queue)")
  .option("--list", "list the queue and stop")
  .option("--project <id>", "only proposals of this project")
  .option("--watch", "keep verifying new proposals as they arrive (Ctrl-C to stop)")
  .option("--interval <seconds>", "with --watch: how often to poll the queue", "10")
  .option("--max <n>", "with --watch: stop after settling n proposals")
  .option("--claim-first", "claim before measuring (for long benchmarks); a failed run releases the claim")
  .option("--as <address>", "with --list: the queue as this address sees it (no key needed; default: --dev-account's or the keystore file's address, else the neutral view)")
  .addHelpText(
    "after",
    `
Decision: the median of the protocol's runs must reproduce the claim within the protocol's
tolerance (else reject); a reproduced score that beats the best by the project's minimum is
approved; one overtaken by an approval since its submission is superseded; otherwise rejected.
Sandbox: bubblewrap (no network, read-only system, private work dir) with the protocol's CPU-time,
memory and wall-clock limits. Nothing is sent before the measurement is done.`,
  )
  .action(action((out, proposal: string | undefined, options) => verifyCommand(proposal, options, globals(), out)));

program
  .command("submit")
  .description("package a directory deterministically, upload it and its log, and stake a proposal")
  .argument("<dir>", "the code to submit (the whole tree; .git and node_modules are left out)")
  .requiredOption("--project <id>", "the project")
  .option("--score <value>", "the claimed score in metric units, e.g. 4.805749 (as the web app reads it)")
  .option("--fixed-score <integer>", "the claimed score as the fixed-point integer the benchmark prints, e.g. 4805749 (the value times the project's metric scale)")
  .requiredOption("--log <file>", "the benchmark log to publish with it")
  .option("--stake <n>", "tokens to stake (default: the project's minimum)")
  .option("--buy", "buy the missing stake on the bonding curve")
  .option("--max-cost <wei>", "with --buy: the most to pay (default: the quote plus 1%)")
  .option("--recipient <address>", "who receives the reward (default: you)")
  .option("--no-permit", "approve then submit (two transactions) instead of an EIP-2612 permit")
  .addHelpText(
    "after",
    `
Give exactly one of --score and --fixed-score. On a project with the usual scale of 1e6,
--score 4.805749 and --fixed-score 4805749 claim the same score; --score 2 claims 2.0
(fixed point 2000000), not the integer 2.`,
  )
  .action(action((out, dir: string, options) => submitCommand(dir, options, globals(), out)));

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
  .option("--parent <project-id>", "fork this project")
  .action(action((out, dir: string, options) => createCommand(dir, options, globals(), out)));

program
  .command("mine")
  .description("the autonomous research loop: run an agent on the best code, keep what improves, submit what beats the chain")
  .argument("<project-id>", "the project")
  .requiredOption("--agent <command>", "a program that edits the working tree (run with sh -c in the checkout)")
  .option("--trials <n>", "how many trials (default 10)", "10")
  .option("--workdir <dir>", "where the checkout and trials.jsonl live (default ./research-mine-<project-id>)")
  .option("--auto-submit", "submit without asking when a kept result beats the on-chain best by the minimum")
  .option("--stake <n>", "tokens to stake on a submission (default: the project's minimum)")
  .option("--buy", "buy the missing stake on the bonding curve")
  .option("--agent-timeout <seconds>", "stop an agent run after this long", "600")
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
