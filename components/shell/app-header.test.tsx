import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { expiryWarnings, expiryWatch } from "@/lib/provisioning/expiry";
import { ExpiryBanner } from "./app-header";

const NOW = new Date("2026-11-23T12:00:00Z");
const inDays = (d: number) => new Date(NOW.getTime() + d * 86_400_000 + 3_600_000).toISOString();
const expiring = expiryWarnings(
  expiryWatch(
    {
      scim: { endpoint: "https://scim.eu-west-1.amazonaws.com/t/scim/v2/", tokenCreatedAt: inDays(-359), tokenExpiresAt: inDays(6) },
      signing: { thumbprint: "AB", notAfter: inDays(45), notificationEmail: "a@b.c" },
    },
    NOW,
  ),
);

describe("the header's expiry warnings", () => {
  it("warns on every page about each credential inside 60 days, with its level, and links admins to the renewal", () => {
    const html = renderToStaticMarkup(<ExpiryBanner items={expiring} canRenew />);
    expect(html).toContain('data-testid="header-expiry-scim-token" data-level="urgent"');
    expect(html).toContain("The AWS SCIM access token expires in 6 days.");
    expect(html).toContain('href="/provisioning#rotate-token"');
    expect(html).toContain('data-testid="header-expiry-signing-certificate" data-level="notice"');
    expect(html).toContain("expires in 45 days");
  });

  it("sends read-only roles to the expiry watch instead of the renewal", () => {
    const helpdesk = renderToStaticMarkup(<ExpiryBanner items={expiring} canRenew={false} />);
    expect(helpdesk).not.toContain("#rotate-token");
    expect(helpdesk).toContain('href="/provisioning#expiry"');
  });
});
