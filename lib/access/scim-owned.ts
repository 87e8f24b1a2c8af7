/**
 * Groups that SCIM provisioning created carry an ExternalId whose Issuer is "SCIM"
 * (https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_ExternalId.html); groups made in
 * the console or through the Identity Store API do not. Entra owns the members of the former and overwrites them on
 * its next provisioning cycle (https://docs.aws.amazon.com/singlesignon/latest/userguide/provision-automatically.html).
 */
export function isScimOwned(group: { externalIds: readonly { issuer: string }[] }): boolean {
  return group.externalIds.some((e) => e.issuer.toUpperCase() === "SCIM");
}

export const SCIM_OWNED_REASON =
  "Entra ID provisions this group (SCIM): a change made here is overwritten on the next provisioning cycle. Change the membership in Entra instead: assign the user to the group there (Entra admin center → Groups → the group → Members), then provision on demand or wait for the next cycle.";
