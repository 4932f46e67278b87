/**
 * The read API behind discovery, charts, feeds, queues and portfolios (Hono, on Ponder's server).
 * Every route validates its parameters (400 with one sentence), returns JSON with bigints as decimal
 * strings, and pages with opaque cursors (`nextCursor`, null on the last page). GraphQL at /graphql
 * and Ponder's SQL client at /sql/* are mounted too. The read routes' answers are computed once per
 * indexed block and URL (`cache.ts`).
 *
 * Ponder loads this file (it must default-export the app); the routes live by resource beside it
 * (projects, trades, candles, proposals, queue, accounts), their paths in `routes.ts`, which the web
 * app's proxy reads too, and their bodies' types in `types.ts`, which the web app imports.
 */
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono, type Handler } from "hono";
import { client, graphql } from "ponder";

import { ParamError } from "../../lib/params.ts";
import { getAccount } from "./accounts.ts";
import { getChanges } from "./changes.ts";
import { cacheByCheckpoint } from "./cache.ts";
import { listProjectCandles } from "./candles.ts";
import { getProject, getProjectOverview, listProjects } from "./projects.ts";
import { getProposal, listProjectProposals, listProposals } from "./proposals.ts";
import { getQueue } from "./queue.ts";
import { PONDER_ROUTES, READ_ROUTES, type ReadRouteName } from "./routes.ts";
import { listProjectTrades } from "./trades.ts";

/** Each route of the table with its handler: a route without one (or the reverse) does not compile. */
const HANDLERS: Record<ReadRouteName, Handler> = {
  projects: listProjects,
  project: getProject,
  projectOverview: getProjectOverview,
  projectTrades: listProjectTrades,
  projectCandles: listProjectCandles,
  projectProposals: listProjectProposals,
  proposals: listProposals,
  proposal: getProposal,
  queue: getQueue,
  account: getAccount,
  changes: getChanges,
};

const app = new Hono();

app.use(PONDER_ROUTES.graphql.path, graphql({ db, schema }));
app.use(PONDER_ROUTES.sql.path, client({ db, schema }));

app.onError((error, c) => {
  if (error instanceof ParamError) return c.json({ error: error.message }, 400);
  console.error(error);
  return c.json({ error: "The indexer failed to answer this request." }, 500);
});

app.notFound((c) => c.json({ error: `There is no route ${c.req.method} ${c.req.path}.` }, 404));

// Each read route answers once per indexed block and URL (cache.ts).
for (const name of Object.keys(READ_ROUTES) as ReadRouteName[]) app.get(READ_ROUTES[name].path, cacheByCheckpoint, HANDLERS[name]);

export default app;
