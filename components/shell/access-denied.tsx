import Link from "next/link";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { PageAccess } from "@/lib/auth/guard";
import { Notice } from "../ui/notice";

/** What a page shows instead of its content when the caller may not see it. */
export function AccessDenied({ access, area, returnTo }: { access: Exclude<PageAccess, { state: "allowed" }>; area: string; returnTo?: string }) {
  if (access.state === "anonymous") {
    return (
      <Notice tone="warn" title="Sign-in required">
        <p>
          {area} needs a signed-in user.{" "}
          <Link href={returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : "/sign-in"} className="font-medium underline">
            Sign in with your work account
          </Link>{" "}
          (Microsoft Entra ID); what you can open depends on the app role your administrator assigned to you.
        </p>
      </Notice>
    );
  }
  return (
    <Notice tone="warn" title={`Your role cannot open ${area}`}>
      <p>
        You are signed in as {ROLE_LABELS[access.session.role]}. {area} is for other roles; ask a portal admin if you need it.
      </p>
    </Notice>
  );
}
