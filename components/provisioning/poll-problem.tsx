import { Notice } from "@/components/ui/notice";
import type { JobKind } from "@/lib/provisioning/configured-jobs";
import type { PollState } from "@/lib/provisioning/status";
import { stepRef } from "@/lib/setup/step-ref";
import { formatUtc } from "./format";

const pollHint = (kind: string, job: JobKind): string | null => {
  switch (kind) {
    case "not-found":
      return job === "role-import"
        ? `The app or its role-import job no longer exists in Entra (deleted there?). Run Setup again: ${stepRef("gallery-app", "legacy-iam")} finds or recreates the app, ${stepRef("role-import", "legacy-iam")} the job.`
        : `The AWS app or its provisioning job no longer exists in Entra (deleted there?). Run Setup again: ${stepRef("gallery-app")} finds or recreates the app, ${stepRef("provisioning-credentials")} the job.`;
    case "forbidden":
      return `The portal's Graph app lost a permission it needs. Check Setup ${stepRef("connect")} and grant it again with admin consent.`;
    case "auth":
      return "Entra no longer accepts the portal's Graph app credentials (expired client secret?). Update them in Settings → Connections.";
    case "throttled":
      return "Graph is limiting how often the portal may read. The poller slows down and retries by itself; nothing to do.";
    default:
      return null;
  }
};

/** Said above the job when the last poll failed: the status shown is the last one read, since when, and what to do. */
export function PollProblem({ poll, job = "provisioning" }: { poll: PollState | null; job?: JobKind }) {
  if (!poll?.error) return null;
  const hint = poll.errorKind ? pollHint(poll.errorKind, job) : null;
  return (
    <Notice tone="warn" title={`Microsoft Graph has not answered the poller since ${formatUtc(poll.errorSince ?? poll.checkedAt)}`} className="mb-4">
      <p data-testid="poll-problem" data-kind={poll.errorKind ?? ""}>
        {poll.error} The status below is the last one read.
      </p>
      {hint ? <p className="mt-1">{hint}</p> : null}
      <p className="mt-1 text-xs">Last attempt {formatUtc(poll.checkedAt)}.</p>
    </Notice>
  );
}
