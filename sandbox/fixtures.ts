/**
 * The sandbox's fixed identifiers. Sandbox-only values: the portal uses them when nothing is
 * configured, the README lists them, and live mode never reads them.
 */
export const SANDBOX = {
  port: 4010,
  entra: {
    tenantId: "8e1f0c2a-5b7d-4c39-9a61-3f2d7e4b1c05",
    tenantDomain: "contoso-sandbox.onmicrosoft.com",
    /** The portal's own sign-in app registration (authorization code + PKCE). */
    portalSignIn: {
      clientId: "5d3c9a4e-2f61-4b87-8e0d-7a1b6c9f2e43",
      clientSecret: "sandbox-signin-secret-not-for-production",
      appRoles: ["Portal.Admin", "Portal.Helpdesk", "Portal.Auditor"],
    },
    /** The portal's app-only Graph registration (client credentials). */
    portalGraph: {
      clientId: "b7e2d4f1-9c3a-4e58-a6b0-1d8f5c2e7a94",
      clientSecret: "sandbox-graph-secret-not-for-production",
    },
    /** Gallery template ids (https://learn.microsoft.com/graph/api/applicationtemplate-list). */
    templates: {
      identityCenter: "21ed01d2-ec13-4e9e-86c1-cd546719ebc4",
      singleAccount: "8b1025e4-1dd2-430b-a150-2ef79cd700f5",
    },
  },
  aws: {
    region: "eu-west-1",
    accessKeyId: "AKIASANDBOXEXAMPLE00",
    secretAccessKey: "sandbox/secret/not-for-production/0000000000",
    managementAccountId: "111122223333",
    memberAccountIds: ["444455556666", "777788889999"],
    organizationId: "o-sandbox0001",
    identityStoreId: "d-9067c1a2b3",
    instanceArn: "arn:aws:sso:::instance/ssoins-72230c8e1d4f5a6b",
  },
} as const;

export const sandboxUrl = (port: number = SANDBOX.port, host = "127.0.0.1") => `http://${host}:${port}`;
