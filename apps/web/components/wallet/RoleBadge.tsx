import { ROLE_NAMES, type DevRole } from "@/lib/devAccounts.ts";

const ROLE_STYLES: Record<DevRole, string> = {
  deployer: "bg-slate-100 text-slate-700",
  creator: "bg-violet-100 text-violet-800",
  speculator: "bg-sky-100 text-sky-800",
  miner: "bg-amber-100 text-amber-800",
  verifier: "bg-emerald-100 text-emerald-800",
};

/** A dev account's role as a coloured pill. */
export function RoleBadge({ role, label, testId }: { role: DevRole; label: string; testId?: string }) {
  return (
    <span data-testid={testId} className={`badge ${ROLE_STYLES[role]}`} title={label}>
      {ROLE_NAMES[role]}
    </span>
  );
}
