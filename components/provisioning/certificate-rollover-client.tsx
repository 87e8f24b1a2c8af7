"use client";

import Link from "next/link";
import { useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { ConfirmBlock } from "@/components/forms/confirm-block";
import { FormStatus } from "@/components/forms/form-status";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Action<T> = (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/** A setup step as the page names it (its number follows from its position in the checklist) and its card. */
export interface StepLink {
  ref: string;
  href: string;
}

/**
 * The certificate rollover: create the new certificate (inactive) → activate it, which also fetches the new
 * federation metadata → download it and upload it in AWS through the Setup steps that show the screens.
 */
export function CertificateRollover({
  federationId,
  current,
  add,
  activate,
  metadataStep,
  uploadStep,
  testStep,
}: {
  federationId: string;
  /** The Setup step that downloads the federation metadata, and the one that uploads it in AWS. */
  metadataStep: StepLink;
  uploadStep: StepLink;
  /** The Setup step that proves a user can sign in with the new certificate. */
  testStep: StepLink;
  current: { thumbprint: string; notAfter: string } | null;
  add: Action<{ thumbprint: string; notAfter: string | null }>;
  activate: Action<{ thumbprint: string }>;
}) {
  const added = useActionForm(add);
  const activated = useActionForm(activate);
  const [confirming, setConfirming] = useState(false);
  const fresh = added.state?.ok ? added.state.data : null;
  const done = activated.state?.ok === true;
  return (
    <ol className="list-decimal space-y-4 pl-5 text-sm text-slate-700">
      <li>
        <p>
          Active certificate: <span className="font-mono">{current?.thumbprint ?? "none recorded"}</span>
          {current?.notAfter ? `, valid until ${current.notAfter.slice(0, 10)}` : ""}. Create a new one beside it; sign-ins keep using the old one meanwhile.
        </p>
        <form onSubmit={added.onSubmit} className="mt-2">
          <input type="hidden" name="federationId" value={federationId} />
          <Button type="submit" variant="secondary" disabled={added.isPending || Boolean(fresh)}>
            {added.isPending ? "Creating…" : "Create the new certificate"}
          </Button>
        </form>
        <FormStatus listFieldErrors state={added.state} />
      </li>
      <li>
        <p>Make it active. Entra then signs with it and publishes new federation metadata, which the portal fetches and checks.</p>
        {fresh && !done ? (
          <form onSubmit={(e) => (activated.onSubmit(e), setConfirming(false))} className="mt-2 space-y-2">
            <input type="hidden" name="federationId" value={federationId} />
            <input type="hidden" name="thumbprint" value={fresh.thumbprint} />
            {confirming ? (
              <ConfirmBlock
                tone="warn"
                confirmLabel="Confirm: activate the new certificate"
                pendingLabel="Activating…"
                isPending={activated.isPending}
                onCancel={() => setConfirming(false)}
              >
                From now until you upload the new metadata in AWS, <strong>AWS rejects sign-ins</strong> (it trusts only the old certificate). Do the upload right after,
                at a quiet time.
              </ConfirmBlock>
            ) : (
              <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
                Activate {fresh.thumbprint.slice(0, 8)}…
              </Button>
            )}
          </form>
        ) : null}
        {done && activated.state?.ok ? <Notice tone="warn">{activated.state.message}</Notice> : <FormStatus listFieldErrors state={activated.state} />}
      </li>
      <li>
        <p>
          Download the new metadata in{" "}
          <Link className="font-medium text-sky-700 underline" href={metadataStep.href}>
            Setup {metadataStep.ref}
          </Link>{" "}
          and upload it in the AWS console as{" "}
          <Link className="font-medium text-sky-700 underline" href={uploadStep.href}>
            Setup {uploadStep.ref}
          </Link>{" "}
          shows (Change identity source → IdP SAML metadata → ACCEPT), then run that step&apos;s check.
        </p>
      </li>
      <li>
        <p>
          Prove it with{" "}
          <Link className="font-medium text-sky-700 underline" href={testStep.href}>
            Setup {testStep.ref}
          </Link>
          : a user signs in at the access portal and the portal reads the outcome from Entra&apos;s sign-in log and AWS CloudTrail. A certificate
          activated in Entra but not uploaded to AWS fails there, and the step says so.
        </p>
      </li>
    </ol>
  );
}
