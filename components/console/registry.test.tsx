import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { checklistFor } from "@/lib/setup/checklists";
import { CONSOLE_SCREENS, screensById } from "./registry";
import { formatAccountId, SAMPLE_CONSOLE_VALUES, type ConsoleValues } from "./values";

// The screens of the setup guides, by the checklist step that shows them and the guides' screenshots. Rows without
// screenshots are described only in the guides' text. The CLI group-membership screen is drawn on the account-access step.
const SCREENS_MD_ROWS: { step: number | string; images: string[] }[] = [
  { step: 1, images: ["aws_single_sign_on.png", "aad_as_idp_for_aws_03.png"] },
  { step: 1, images: ["aws_enable_sso.png"] },
  { step: 2, images: ["azure_create_enterprise_registration.png", "aad_as_idp_for_aws_01.png"] },
  { step: 3, images: ["aad_getting_started.png", "aad_as_idp_for_aws_02.png"] },
  { step: 4, images: ["aws_choose_identity_source.png", "aws_change_identity_source.png", "aad_as_idp_for_aws_04.png", "aad_as_idp_for_aws_05.png"] },
  { step: 4, images: ["aws_set_identity_source_external.png", "aad_as_idp_for_aws_06.png"] },
  { step: 4, images: ["aad_as_idp_for_aws_07.png"] },
  { step: 5, images: ["azure_upload_metadata.png", "aad_as_idp_for_aws_07.png"] },
  { step: 6, images: ["azure_download_metadata.png", "aad_as_idp_for_aws_08.png"] },
  { step: 7, images: [] },
  { step: 8, images: ["azure_tenant_url_secret_token.png", "aad_as_idp_for_aws_09.png"] },
  { step: 9, images: [] },
  { step: 10, images: ["azure_mappings.png", "aad_as_idp_for_aws_10.png"] },
  { step: 10, images: ["azure_username_mapping.png", "aad_as_idp_for_aws_11.png"] },
  { step: 10, images: ["aad_as_idp_for_aws_12.png"] },
  { step: 11, images: [] },
  { step: 11, images: [] },
  { step: 12, images: ["azure_replication.png", "aad_as_idp_for_aws_13.png", "aad_as_idp_for_aws_14.png"] },
  { step: 13, images: ["aws_users.png"] },
  { step: 14, images: ["permission_sets.png"] },
  { step: 15, images: [] },
  { step: 16, images: [] },
  // Legacy mode
  { step: "legacy", images: [] },
  { step: "legacy", images: ["common/edit-urls.png"] },
  { step: "legacy", images: ["common/default-attributes.png"] },
  { step: "legacy", images: ["common/add-saml-certificate.png", "common/new-saml-certificate.png", "certificate.png"] },
  { step: "legacy", images: ["common/copy-configuration-urls.png"] },
  { step: "legacy", images: ["common/users-groups-blade.png", "common/add-assign-user.png"] },
  { step: "legacy", images: ["ic795031.png", "ic795032.png"] },
  { step: "legacy", images: ["ic795033.png", "ic795034.png", "ic795035.png"] },
  { step: "legacy", images: ["ic795022.png", "ic795025.png", "ic7950252.png", "ic7950253.png"] },
  { step: "legacy", images: ["fetchingrole1.png", "fetchingrole2.png", "fetchingrole3.png", "policy1.png", "policy5.png", "policy2.png"] },
  { step: "legacy", images: ["policy3.png", "policy4.png", "adduser1.png", "adduser2.png", "adduser3.png", "adduser4.png"] },
  { step: "legacy", images: ["provisioning.png", "provisioning1.png", "provisioning2.png"] },
];

// Screens are keyed by id; a screen's step is the position of the Identity Center step module that names it.
const CHECKLIST = checklistFor("identity-center");
const STEP_OF_SCREEN = new Map(CHECKLIST.flatMap((step, index) => step.screens.map((id) => [id, index] as const)));
const NOT_ON_A_CARD_YET = 15;
const stepGroup = (screen: { id: string }): number | string =>
  STEP_OF_SCREEN.get(screen.id) ?? (screen.id.startsWith("legacy-") ? "legacy" : NOT_ON_A_CARD_YET);
const sameImages = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join("|") === [...b].sort().join("|");

// The values each screen must show once the portal knows them.
const EXPECTED_VALUES: Record<string, (keyof ConsoleValues)[]> = {
  "aws-service-search": ["region", "accountId"],
  "aws-enable-identity-center": ["region"],
  "entra-gallery-identity-center": ["appDisplayName", "tenantDomain"],
  "entra-sso-method": ["appDisplayName", "appId"],
  "aws-identity-source": ["instanceArn", "identityStoreId", "accessPortalUrl"],
  "aws-choose-identity-source": ["region"],
  "aws-sp-metadata": ["accessPortalUrl", "acsUrl", "issuerUrl"],
  "entra-saml-upload": ["spEntityId", "acsUrl", "signOnUrl"],
  "entra-saml-certificate": ["certificateThumbprint", "certificateExpiry", "notificationEmail", "tenantId", "appId"],
  "aws-idp-metadata": ["federationMetadataFileName", "tenantId", "certificateExpiry"],
  "aws-automatic-provisioning": ["scimEndpoint", "scimTokenMasked"],
  "entra-provisioning-credentials": ["scimEndpoint", "scimTokenMasked"],
  "entra-provisioning-mappings": ["appDisplayName"],
  "entra-user-attribute-mapping": ["exampleUser"],
  "entra-email-claim": ["exampleUser"],
  "entra-provisioning-scope": ["notificationEmail"],
  "entra-add-assignment": ["assignedPrincipals"],
  "entra-provisioning-overview": ["lastCycle"],
  "aws-users": ["provisionedUsers"],
  "aws-permission-sets": ["permissionSetNames"],
  "aws-group-membership-cli": ["identityStoreId", "exampleGroupId", "exampleUserId"],
  "aws-access-portal": ["accessPortalUrl", "exampleUser", "accountId", "permissionSetNames"],
  "legacy-gallery": ["tenantDomain"],
  "legacy-saml": ["legacyIdentifier"],
  "legacy-claims": ["exampleUser"],
  "legacy-certificate": ["notificationEmail", "certificateThumbprint"],
  "legacy-setup-urls": ["tenantId"],
  "legacy-assign": ["roleNames", "iamProviderName", "assignedPrincipals"],
  "legacy-iam-home": ["accountId"],
  "legacy-identity-provider": ["iamProviderName", "federationMetadataFileName"],
  "legacy-role": ["iamProviderName", "roleNames"],
  "legacy-policy": ["policyName"],
  "legacy-role-manager": ["roleManagerUser", "policyName", "accessKeyIdMasked"],
  "legacy-provisioning": ["accessKeyIdMasked", "notificationEmail"],
};

const escapeHtml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;");

/** The visible markup: the description in aria-label would otherwise satisfy every check. */
const visible = (html: string) => html.replace(/ aria-label="[^"]*"/g, "");

function displayed(key: keyof ConsoleValues): string[] {
  const value = SAMPLE_CONSOLE_VALUES[key];
  if (key === "accountId" && typeof value === "string") return [formatAccountId(value)];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

describe("console screen registry", () => {
  it("has exactly one screen per screen of the guides", () => {
    expect(CONSOLE_SCREENS).toHaveLength(SCREENS_MD_ROWS.length);
    for (const row of SCREENS_MD_ROWS.filter((r) => r.images.length > 0)) {
      const matches = CONSOLE_SCREENS.filter((screen) => stepGroup(screen) === row.step && sameImages(screen.guideImages, row.images));
      expect(
        matches.map((screen) => screen.id),
        `row ${row.step}: ${row.images.join(", ")}`,
      ).toHaveLength(1);
    }
    const textOnly = (group: number | string) => SCREENS_MD_ROWS.filter((r) => r.step === group && r.images.length === 0).length;
    for (const group of new Set(SCREENS_MD_ROWS.map((row) => row.step))) {
      const screens = CONSOLE_SCREENS.filter((screen) => stepGroup(screen) === group && screen.guideImages.length === 0);
      expect(screens, `text-only rows of step ${group}`).toHaveLength(textOnly(group));
    }
  });

  it("has unique ids, and each screen is on at most one step's card", () => {
    const ids = CONSOLE_SCREENS.map((screen) => screen.id);
    expect(new Set(ids).size).toBe(ids.length);
    const named = CHECKLIST.flatMap((step) => step.screens);
    expect(new Set(named).size).toBe(named.length);
  });

  it("draws at least one screen for every step 1–14, in the registry's order", () => {
    CHECKLIST.forEach((step, index) => {
      if (index >= 1) expect(screensById(step.screens).length, `step ${index} (${step.id})`).toBeGreaterThan(0);
    });
    const numbered = CONSOLE_SCREENS.flatMap((screen) => {
      const group = stepGroup(screen);
      return typeof group === "number" ? [group] : [];
    });
    expect(numbered).toEqual([...numbered].sort((a, b) => a - b));
    expect(screensById(["legacy-role"]).map((screen) => screen.id)).toEqual(["legacy-role"]);
    expect(screensById(CHECKLIST[0]?.screens ?? [])).toEqual([]);
    expect(() => screensById(["no-such-screen"])).toThrow(/unknown console screen/);
  });

  it("lists the expected values for every screen", () => {
    expect(Object.keys(EXPECTED_VALUES).sort()).toEqual(CONSOLE_SCREENS.map((screen) => screen.id).sort());
  });
});

describe.each(CONSOLE_SCREENS.map((screen) => [screen.id, screen] as const))("%s", (id, screen) => {
  const { Component } = screen;
  const empty = renderToStaticMarkup(<Component values={{}} />);
  const full = renderToStaticMarkup(<Component values={SAMPLE_CONSOLE_VALUES} />);

  it("is a described, keyboard-inert picture", () => {
    for (const html of [empty, full]) {
      expect(html).toMatch(/<figure[^>]*>.*role="img" aria-label="[^"]{20,}"/s);
      expect(html).not.toMatch(/<(button|input|select|textarea|a)\b/);
      expect(html).not.toMatch(/tabindex|<script|<style|<img|https?:\/\/[^"]*\.(png|svg|woff2?)/i);
    }
  });

  it("shows placeholders, not sample values, when nothing is known", () => {
    expect(empty).toContain("data-placeholder");
    for (const key of EXPECTED_VALUES[id] ?? []) {
      for (const text of displayed(key)) if (text.length > 6) expect(visible(empty), `${key} must not appear without values`).not.toContain(escapeHtml(text));
    }
  });

  it("fills in the known values", () => {
    for (const key of EXPECTED_VALUES[id] ?? []) {
      for (const text of displayed(key)) expect(visible(full), `${key}`).toContain(escapeHtml(text));
    }
  });

  it("rings every control of its sequence by default, numbered", () => {
    for (const name of screen.highlights) expect(full, name).toContain(`data-highlight="${name}"`);
    const rung = [...full.matchAll(/data-highlight="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(rung)).toEqual(new Set(screen.highlights));
    expect(full).toContain('data-highlight-marker="1"');
  });

  it.each(screen.highlights)("rings only %s when asked", (name) => {
    const html = renderToStaticMarkup(<Component values={SAMPLE_CONSOLE_VALUES} highlight={name} />);
    const rung = new Set([...html.matchAll(/data-highlight="([^"]+)"/g)].map((match) => match[1]));
    expect(rung).toEqual(new Set([name]));
  });
});
