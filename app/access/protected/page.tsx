import { AccessNav } from "@/components/access/access-nav";
import { AccessTable, cellClass } from "@/components/access/access-table";
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
      <AccessTable label="Protected principals" columns={[{ label: "Kind", width: "w-[12%]" }, { label: "Name", width: "w-[34%]" }, { label: "Why", width: "w-[34%]" }, { label: "", width: "w-[20%]" }]} className="mb-4">
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
          </AccessTable>
      {mayManage ? <AddProtectedForm action={addProtectedPrincipalAction} /> : null}
    </AreaPage>
  );
}
