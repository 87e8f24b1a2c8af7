import { redirect } from "next/navigation";
import { Notice } from "@/components/ui/notice";
import { getSession } from "@/lib/auth/session";
import { safeReturnTo } from "@/lib/auth/session-seal";
import { isSandboxMode } from "@/lib/config/env";

export const metadata = { title: "Sign in" };

const MESSAGES: Record<string, { tone: "warn" | "bad"; text: string }> = {
  expired: { tone: "warn", text: "That sign-in attempt took too long or came from another browser. Please sign in again." },
  state: { tone: "bad", text: "The answer from Microsoft did not belong to this sign-in attempt, so it was refused." },
  denied: { tone: "warn", text: "Microsoft did not complete the sign-in (it was cancelled or refused)." },
  token: { tone: "bad", text: "The sign-in answer from Microsoft could not be verified, so it was refused." },
  unavailable: { tone: "bad", text: "Microsoft Entra ID could not be reached. Try again in a moment." },
  "session-ended": { tone: "warn", text: "Your session ended. Please sign in again." },
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; returnTo?: string; signedOut?: string }> }) {
  const { error, returnTo, signedOut } = await searchParams;
  const target = safeReturnTo(returnTo);
  if (await getSession()) redirect(target);
  const message = error ? MESSAGES[error] : undefined;
  return (
    <div className="mx-auto max-w-md py-12">
      <div className="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to Identity Bridge</h1>
        <p className="mt-2 text-sm text-slate-600">
          Use your work account. What you can do depends on the app role your administrator assigned to you in Microsoft Entra ID.
        </p>
        {signedOut ? (
          <Notice tone="good" className="mt-4">
            You are signed out.
          </Notice>
        ) : null}
        {message ? (
          <Notice tone={message.tone} className="mt-4">
            {message.text}
          </Notice>
        ) : null}
        <a
          href={`/auth/sign-in?returnTo=${encodeURIComponent(target)}`}
          className="mt-6 flex w-full items-center justify-center gap-3 rounded-md bg-slate-900 px-4 py-2.5 text-sm font-medium text-white hover:bg-slate-800"
        >
          <svg aria-hidden="true" viewBox="0 0 21 21" className="size-4">
            <rect x="1" y="1" width="9" height="9" fill="#f25022" />
            <rect x="11" y="1" width="9" height="9" fill="#7fba00" />
            <rect x="1" y="11" width="9" height="9" fill="#00a4ef" />
            <rect x="11" y="11" width="9" height="9" fill="#ffb900" />
          </svg>
          Sign in with Microsoft
        </a>
        {isSandboxMode() ? (
          <p className="mt-4 text-xs text-slate-500">
            Sandbox: the sandbox tenant&apos;s sign-in page lets you pick a user. portal.admin, portal.helpdesk and portal.auditor hold the three roles;
            portal.norole holds none.
          </p>
        ) : null}
      </div>
    </div>
  );
}
