import type { Permission } from "@/lib/auth/permissions";

/** The portal's areas, in navigation order; each is shown only to roles allowed to view it. */
export const AREAS = [
  {
    href: "/setup",
    label: "Setup",
    permission: "setup.view",
    description: "The guided federation checklist: Entra ID as the SAML identity provider of AWS — IAM Identity Center with SCIM provisioning, or IAM in each account (legacy).",
  },
  {
    href: "/provisioning",
    label: "Provisioning",
    permission: "provisioning.view",
    description: "Live status of the Entra provisioning job that pushes users and groups into the AWS identity store.",
  },
  {
    href: "/helpdesk",
    label: "Helpdesk",
    permission: "helpdesk.view",
    description: "Has this user been provisioned to AWS? If not, why not, and what fixes it.",
  },
  {
    href: "/access",
    label: "Access",
    permission: "access.view",
    description: "Who reaches which AWS account with which permission set: account assignments, group memberships, effective access and the protected principals.",
  },
  {
    href: "/audit",
    label: "Audit",
    permission: "audit.view",
    description: "Every change and attempt, append-only and hash-chained: who, what, when, and the result.",
  },
  {
    href: "/settings",
    label: "Settings",
    permission: "settings.view",
    description: "Connections to the Entra tenant and the AWS organization.",
  },
] as const satisfies readonly { href: string; label: string; permission: Permission; description: string }[];

export type AreaHref = (typeof AREAS)[number]["href"];

export function area(href: AreaHref) {
  const found = AREAS.find((a) => a.href === href);
  if (!found) throw new Error(`unknown area ${href}`);
  return found;
}
