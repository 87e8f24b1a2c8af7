import Link from "next/link";
import { JobProgress } from "@/components/aws-jobs/job-progress-client";
import type { StepPageView } from "@/lib/setup/steps/types";

/**
 * Step 15's assignment job, live while it runs (pushed by GET /aws-jobs/events): the newest "account-access" job, so
 * a run started after the page opened shows up too.
 */
export function AccountAccessProgressPanel({ view }: { view: StepPageView }) {
  if (!view.facts.instance) return null;
  return <JobProgress source={{ kind: "account-access" }} label="Assignments" />;
}

/** The end of the checklist: once the groups have access, what the admin does next happens in the Access area. */
export function AccountAccessNextPanel({ view }: { view: StepPageView }) {
  const access = view.facts.accountAccess;
  if (!access) return null;
  const accounts = new Set(access.grants.flatMap((g) => g.accountIds)).size;
  return (
    <section aria-label="What next" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-200">
      <h3 className="font-semibold">What next</h3>
      <p className="mt-1">
        {access.grants.length} group(s) can reach {accounts} account(s). Their members sign in through the AWS access portal with their Entra account.
      </p>
      <p className="mt-1">
        <Link className="font-medium underline" href="/access" prefetch={false}>
          Go to Access
        </Link>{" "}
        to see who can reach which account, add accounts and OU rules, and manage group memberships.
      </p>
    </section>
  );
}
