/**
 * `GET /changes?since=<block>`: which projects' pages a block after `since` changed (`project_touch`,
 * written by every handler that changes something a project page shows). The web app's page cache
 * asks it once per new indexed block and renders a project page again only when its project is
 * listed; a project nobody traded or touched keeps its render. One row per project: the scan is small.
 */
import { db } from "ponder:api";
import { projectTouch } from "ponder:schema";
import type { Context } from "hono";
import { asc, gt } from "ponder";

import { parseId } from "../../lib/params.ts";
import { json } from "./shared.ts";
import type { WithBigints } from "./types.ts";

export async function getChanges(c: Context) {
  const since = parseId(c.req.query("since"), "since");
  const rows = await db
    .select({ projectId: projectTouch.projectId })
    .from(projectTouch)
    .where(gt(projectTouch.blockNumber, since))
    .orderBy(asc(projectTouch.projectId));
  return json(c, { since, projects: rows.map((row) => row.projectId) } satisfies WithBigints["Changes"]);
}
