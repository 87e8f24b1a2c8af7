import { AccessNav, cellClass, headClass, tableClass } from "@/components/access/access-nav";
import { AddProtectedForm, UnprotectButton } from "@/components/access/protected-client";
import { AreaPage } from "@/components/shell/area-states";
import { Badge } from "@/components/ui/badge";
import { isDefaultProtected } from "@/lib/access/protected-principals";
import { getProtectedPrincipals } from "@/lib/access/protected-store";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { addProtectedPrincipalAction, removeProtectedPrincipalAction } from "../actions";

export const metadata = { title: "Access — protected principals" };
export const dynamic = "force-dynamic";

export default async function ProtectedPrincipalsPage() {
  const access = await pageAccess("access.view");
  if (access.state !== "allowed") return <AreaPage href="/access" access={access} />;
  const mayManage = can(access.session.role, "access.manage");
  const list = await getProtectedPrincipals(db());
  return (
    <AreaPage href="/access" access={access} title="Access">
      <AccessNav current="/access/protected" />
      <p className="mb-3 text-sm text-slate-600">
        No portal action changes or removes these: membership changes touching them and assignment removals on them are refused with the reason, and the attempt is audited. The AWS Control Tower groups are always protected; admins add break-glass users.
      </p>
      <div className="mb-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className={tableClass} aria-label="Protected principals">
          <colgroup>
            <col className="w-[12%]" />
            <col className="w-[34%]" />
            <col className="w-[34%]" />
            <col className="w-[20%]" />
          </colgroup>
          <thead className="border-b border-slate-200 bg-slate-50">
            <tr>
              <th className={headClass}>Kind</th>
              <th className={headClass}>Name</th>
              <th className={headClass}>Why</th>
              <th className={headClass} />
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={`${p.type}:${p.name}`} className="border-t border-slate-100">
                <td className={cellClass}>
                  <Badge tone="warn">{p.type === "GROUP" ? "Group" : "User"}</Badge>
                </td>
                <td className={`${cellClass} break-words font-medium`}>{p.name}</td>
                <td className={`${cellClass} break-words text-slate-600`}>{p.note ?? ""}</td>
                <td className={cellClass}>
                  {isDefaultProtected(p) ? <span className="text-xs text-slate-500">Always protected</span> : mayManage ? <UnprotectButton type={p.type} name={p.name} action={removeProtectedPrincipalAction} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mayManage ? <AddProtectedForm action={addProtectedPrincipalAction} /> : null}
    </AreaPage>
  );
}
