import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { PageAccess } from "@/lib/auth/guard";
import { Notice } from "../ui/notice";

/** What a page shows instead of its content when the caller may not see it. */
export function AccessDenied({ access, area }: { access: Exclude<PageAccess, { state: "allowed" }>; area: string }) {
  if (access.state === "anonymous") {
    return (
      <Notice tone="warn" title="Sign-in required">
        <p>
          {area} needs a signed-in user. Sign-in with Entra ID is not available in this version yet, so live mode has no way in; run the portal in sandbox mode
          (leave IB_MODE unset) to explore it.
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
