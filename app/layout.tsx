import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { env } from "@/lib/config/env";
import { getSession } from "@/lib/auth/session";

export const metadata: Metadata = {
  title: { default: "Identity Bridge", template: "%s · Identity Bridge" },
  description: "Federate Microsoft Entra ID with AWS IAM Identity Center: SAML sign-in and SCIM provisioning.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <AppHeader mode={env().IB_MODE} session={session} />
        <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">{children}</main>
      </body>
    </html>
  );
}
