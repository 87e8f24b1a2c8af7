import { AWS_POLICY_FILE_NAME } from "../metadata/download";
import { DownloadButton } from "../metadata/download-button-client";
import { LEGACY_GRAPH_PERMISSIONS } from "@/lib/entra/permissions";
import { REQUIRED_GRAPH_APPLICATION_PERMISSIONS, awsPolicyJson } from "@/lib/setup/required-permissions";

/** The connect step: exactly what to grant the portal's Graph app and AWS principal, with both as downloads. */
export function ConnectRequirements({
  instanceArn,
  identityStoreId,
  missingGraph,
  missingAws,
  legacy = false,
}: {
  /** The legacy per-account mode: its claims policy permissions and IAM statements are added. */
  legacy?: boolean;
  instanceArn?: string;
  identityStoreId?: string;
  missingGraph: string[];
  missingAws: string[];
}) {
  const policy = awsPolicyJson({ instanceArn, identityStoreId, includeLegacyMode: legacy });
  // Least privilege by default: the portal only adds. Removing group members in the Access area needs the deletes too.
  const policyWithRemovals = awsPolicyJson({ instanceArn, identityStoreId, includeAccessManagement: true, includeLegacyMode: legacy });
  const permissions = [
    ...REQUIRED_GRAPH_APPLICATION_PERMISSIONS,
    ...(legacy ? LEGACY_GRAPH_PERMISSIONS.map((p) => ({ permission: p.permission, why: p.reason })) : []),
  ];
  const graphList = permissions.map((p) => `${p.permission}\t${p.why}`).join("\n");
  return (
    <details className="rounded-lg bg-slate-50 p-3 text-xs ring-1 ring-slate-200">
      <summary className="cursor-pointer font-semibold text-slate-700">What to grant the portal</summary>
      <p className="mt-2 font-medium text-slate-800">Microsoft Graph application permissions (admin consent):</p>
      <ul className="mt-1 space-y-1">
        {permissions.map((p) => (
          <li key={p.permission} className="flex gap-2">
            <code className={`shrink-0 rounded px-1 ${missingGraph.includes(p.permission) ? "bg-red-100 text-red-800" : "bg-white ring-1 ring-slate-200"}`}>
              {p.permission}
            </code>
            <span className="text-slate-600">{p.why.split(". ")[0]}.</span>
          </li>
        ))}
      </ul>
      <p className="mt-3 font-medium text-slate-800">
        AWS: an IAM policy for the portal&apos;s principal{instanceArn ? ", scoped to your instance" : " (scoped once the instance is known)"}
        {missingAws.length ? ` — missing now: ${missingAws.join(", ")}` : ""}.
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <DownloadButton fileName={AWS_POLICY_FILE_NAME} text={policy} mimeType="application/json">
          Download IAM policy JSON
        </DownloadButton>
        <DownloadButton fileName={AWS_POLICY_FILE_NAME.replace(/\.json$/, "-with-removals.json")} text={policyWithRemovals} mimeType="application/json">
          …with removals (Access area)
        </DownloadButton>
        <DownloadButton fileName="identity-bridge-graph-permissions.txt" text={graphList} mimeType="text/plain">
          Download Graph permission list
        </DownloadButton>
      </div>
    </details>
  );
}
