import { Notice } from "@/components/ui/notice";
import { signInRoleNames } from "@/lib/auth/role-names";

export const metadata = { title: "No access" };

export default function NoAccessPage() {
  const names = signInRoleNames();
  return (
    <div className="mx-auto max-w-xl py-12">
      <h1 className="text-2xl font-semibold tracking-tight">You have no access to Identity Bridge yet</h1>
      <Notice tone="warn" className="mt-4" title="Your account has no portal role">
        <p>You signed in successfully, but your account holds none of the portal&apos;s app roles, so there is nothing you can open.</p>
      </Notice>
      <div className="mt-6 text-sm text-slate-700">
        <p className="font-medium">How to get access</p>
        <ol className="mt-2 list-decimal space-y-1 pl-5">
          <li>Ask an Entra ID administrator to open Enterprise applications → Identity Bridge → Users and groups.</li>
          <li>
            Assign you (or a group you are in) one of the app roles: <code className="rounded bg-slate-100 px-1">{names.admin}</code> (setup and operations),{" "}
            <code className="rounded bg-slate-100 px-1">{names.helpdesk}</code> (provisioning checks) or{" "}
            <code className="rounded bg-slate-100 px-1">{names.auditor}</code> (read-only history).
          </li>
          <li>
            <a className="font-medium text-sky-700 underline" href="/auth/sign-in">
              Sign in again
            </a>{" "}
            so the new role is in your token.
          </li>
        </ol>
      </div>
    </div>
  );
}
