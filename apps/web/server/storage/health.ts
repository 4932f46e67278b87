/** The relay's part of the web app's health: its admission state must be reachable (see guard.ts). */
import { getGuardState } from "./guard.ts";

export type RelayHealth = { status: "ok"; guard: "memory" | "postgres" } | { status: "unavailable"; guard: "postgres"; error: string };

export async function checkRelayHealth(env: Record<string, string | undefined> = process.env): Promise<RelayHealth> {
  if (!env.DATABASE_URL?.trim()) return { status: "ok", guard: "memory" };
  const state = await getGuardState(env);
  try {
    await state.ready();
    return { status: "ok", guard: "postgres" };
  } catch (error) {
    return { status: "unavailable", guard: "postgres", error: (error as Error).message };
  }
}
