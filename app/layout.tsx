import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { SessionActivity } from "@/components/shell/session-activity-client";
import { env } from "@/lib/config/env";
import { getSession } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { expiryWarnings } from "@/lib/provisioning/expiry";
import { loadAllExpiryWatchesQuietly } from "@/lib/provisioning/expiry-store";

export const metadata: Metadata = {
  title: { default: "Identity Bridge", template: "%s · Identity Bridge" },
  description: "Federate Microsoft Entra ID with AWS IAM Identity Center: SAML sign-in and SCIM provisioning.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  // Signed-in staff see credentials about to expire on every page, of every federation (one small read of stored facts).
  const expiring = session ? expiryWarnings(await loadAllExpiryWatchesQuietly(db())) : [];
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <AppHeader mode={env().IB_MODE} session={session} expiring={expiring} />
        {session ? <SessionActivity /> : null}
        <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">{children}</main>
      </body>
    </html>
  );
}
