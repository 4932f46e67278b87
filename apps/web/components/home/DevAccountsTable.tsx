import { RoleBadge } from "@/components/wallet/RoleBadge.tsx";
import { devAccounts } from "@/lib/devAccounts.ts";

/** The local node's dev accounts and their roles in the seeded world (server-rendered). */
export function DevAccountsTable() {
  return (
    <div className="card overflow-hidden p-0">
      <table className="w-full text-left text-sm" data-testid="dev-accounts">
        <thead className="bg-canvas text-xs tracking-wide text-muted uppercase">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">#</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Role</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Address</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {devAccounts.map((account) => (
            <tr key={account.index}>
              <td className="num px-4 py-2.5 text-muted">{account.index}</td>
              <td className="px-4 py-2.5">
                <RoleBadge role={account.role} label={account.label} />
                {account.role === "deployer" ? <span className="ml-2 hidden text-muted sm:inline">verifier-registry owner</span> : null}
              </td>
              <td className="num px-4 py-2.5 break-all">
                <span className="sm:hidden">{`${account.address.slice(0, 8)}…${account.address.slice(-6)}`}</span>
                <span className="hidden sm:inline">{account.address}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
