/**
 * Discovery's text search: a project's searchable fields folded into one lowercased column, and the
 * pattern a query becomes. Both sides are lowercased here, in JavaScript, so the match is the same on
 * PGlite and Postgres (whatever their collation) and needs a plain `like`, no extension.
 */
import { likePattern } from "./params.ts";

/** Between fields, so a query cannot match across two of them (no one types U+001F). */
const SEPARATOR = "\u001f";

export type Searchable = { title: string | null; name: string; symbol: string; repository: string | null; domain: string | null };

/** The stored `searchText`: title, name, symbol, repository and domain, lowercased. */
export function searchTextOf(project: Searchable): string {
  return [project.title ?? "", project.name, project.symbol, project.repository ?? "", project.domain ?? ""].join(SEPARATOR).toLowerCase();
}

/** The `like` pattern for `q` against `searchText`: a case-insensitive substring. */
export function searchPatternOf(q: string): string {
  return likePattern(q.toLowerCase());
}
