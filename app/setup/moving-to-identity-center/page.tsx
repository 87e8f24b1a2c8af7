import Link from "next/link";
import { IdentityCenterMove } from "@/components/migration/identity-center-move-client";
import { AreaPage } from "@/components/shell/area-states";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { pageAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { loadFederation } from "@/lib/federation/record";
import { DEFAULT_FEDERATION } from "@/lib/setup/store";
import { proposeIdentityCenterMoveAction } from "./actions";

export const metadata = { title: "Moving to IAM Identity Center" };

/**
 * A way out of the legacy per-account mode: what the federation would become in IAM Identity Center. Read-only; the
 * page renders from the database only, and live state is read when the reader asks (a POST).
 */
export default async function MovingToIdentityCenterPage() {
  const access = await pageAccess("setup.view");
  if (access.state !== "allowed") return <AreaPage href="/setup" access={access} title="Moving to IAM Identity Center" />;
  // One proposal for every legacy app (one per account): the move consolidates them.
  const [federation, legacyApps] = await Promise.all([loadFederation(db(), DEFAULT_FEDERATION), db().federation.count({ where: { mode: "legacy-iam" } })]);
  const legacy = legacyApps > 0;
  return (
    <AreaPage href="/setup" access={access} title="Moving to IAM Identity Center">
      <div className="space-y-6">
        <Card
          title="From one app and IAM roles per account to IAM Identity Center"
          description="Each imported IAM role becomes a permission set proposal (its managed policies, inline policy and session duration); each user or group assigned with a role becomes an account assignment of that permission set in the role's account."
        >
          <p className="text-sm text-slate-700">
            In IAM Identity Center one Entra app serves every account, users and groups arrive over SCIM, and access is a permission set assigned in an account:
            no IAM SAML provider, no role-manager access key, no app per account. This page proposes; it creates nothing, and carrying it out is not automated:
            a federation keeps the mode it was created with, so the move is an IAM Identity Center setup of its own (this portal&apos;s Setup in Identity Center
            mode, on a fresh database) given these permission sets and assignments, after which the legacy apps are retired.
          </p>
        </Card>
        {legacy ? (
          can(access.session.role, "setup.verify") ? (
            <>
              {legacyApps > 1 ? (
                <p className="text-sm text-slate-700">The proposal covers all {legacyApps} legacy apps together, one per AWS account.</p>
              ) : null}
              <IdentityCenterMove action={proposeIdentityCenterMoveAction} />
            </>
          ) : (
            <Notice tone="info">Reading live state needs the Setup verify permission (admins and auditors).</Notice>
          )
        ) : (
          <Notice tone="info" title="Only for the legacy per-account mode">
            This federation is {federation ? "in IAM Identity Center mode already" : "not set up yet"}: there are no per-account IAM roles to move.{" "}
            <Link href="/setup" className="underline">
              Back to Setup
            </Link>
          </Notice>
        )}
      </div>
    </AreaPage>
  );
}
