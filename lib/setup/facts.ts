/**
 * What the checklist has learned and adopted so far, stored as JSON on the federation. Later steps read
 * it instead of asking the clouds again ("no step asks for what it already knows"). Never secrets.
 */
export interface FederationFacts {
  preflight?: { entra?: { granted: string[]; missing: string[] }; aws?: { account?: string; missing: string[] } };
  instance?: { instanceArn: string; identityStoreId: string; region: string };
  app?: { applicationObjectId: string; appId: string; servicePrincipalId: string; displayName: string };
  spMetadata?: { entityId: string; acsUrls: string[]; region: string; identityStoreId: string; accessPortalUrl: string; certificateExpiry?: string };
  signing?: { thumbprint: string; notAfter: string; notificationEmail: string };
  /** Entra's federation metadata: public and signed, kept so the page can offer it as a download. */
  idpMetadata?: { entityId: string; ssoUrl: string; thumbprint: string; notAfter: string; fileName: string; xml: string };
  scim?: { endpoint: string; tokenCreatedAt: string; tokenExpiresAt: string };
  job?: { jobId: string };
  schema?: { matchingSource: string; matchingTarget: string; groupSync: boolean };
  lint?: { checked: number; problems: { userPrincipalName: string; issues: string[] }[] };
  assignments?: { principals: { id: string; type: "User" | "Group"; displayName: string }[] };
  proof?: { userPrincipalName: string; awsUserId: string };
  permissionSets?: { name: string; permissionSetArn: string; managedPolicyArn: string; status: string }[];
}
