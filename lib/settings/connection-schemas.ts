import { z } from "zod";

/** Shared by the Settings forms (client) and the server actions: one definition of a valid connection. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
export const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

const mode = z.enum(["sandbox", "custom"], { message: "choose the sandbox or your own tenant" });
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

export const entraConnectionInput = z
  .object({
    mode,
    tenantId: optionalText,
    clientId: optionalText,
    credentialType: z.enum(["secret", "certificate"]).default("secret"),
    /** Blank keeps the stored secret. */
    clientSecret: optionalText,
    certificatePem: optionalText,
    privateKeyPem: optionalText,
  })
  .superRefine((value, ctx) => {
    if (value.mode === "sandbox") return;
    if (!value.tenantId) ctx.addIssue({ code: "custom", path: ["tenantId"], message: "enter the directory (tenant) id" });
    else if (!GUID.test(value.tenantId) && !TENANT_DOMAIN.test(value.tenantId))
      ctx.addIssue({ code: "custom", path: ["tenantId"], message: "a tenant id is a GUID or a domain such as contoso.onmicrosoft.com" });
    if (!value.clientId) ctx.addIssue({ code: "custom", path: ["clientId"], message: "enter the application (client) id" });
    else if (!GUID.test(value.clientId)) ctx.addIssue({ code: "custom", path: ["clientId"], message: "an application (client) id is a GUID" });
    if (value.clientSecret && value.clientSecret.length < 8)
      ctx.addIssue({ code: "custom", path: ["clientSecret"], message: "that is too short to be a client secret" });
    if (value.credentialType === "certificate") {
      if (value.certificatePem && !value.certificatePem.includes("BEGIN CERTIFICATE"))
        ctx.addIssue({ code: "custom", path: ["certificatePem"], message: "paste the certificate in PEM form (-----BEGIN CERTIFICATE-----)" });
      if (value.privateKeyPem && !/BEGIN (RSA |EC )?PRIVATE KEY/.test(value.privateKeyPem))
        ctx.addIssue({ code: "custom", path: ["privateKeyPem"], message: "paste the private key in PEM form (-----BEGIN PRIVATE KEY-----)" });
      if (Boolean(value.certificatePem) !== Boolean(value.privateKeyPem))
        ctx.addIssue({ code: "custom", path: [value.certificatePem ? "privateKeyPem" : "certificatePem"], message: "a certificate and its private key go together" });
    }
  });

export const awsConnectionInput = z
  .object({
    mode,
    region: optionalText,
    credentialSource: z.enum(["default-chain", "assume-role"]).default("default-chain"),
    roleArn: optionalText,
    externalId: optionalText,
  })
  .superRefine((value, ctx) => {
    if (value.mode === "sandbox") return;
    if (!value.region) ctx.addIssue({ code: "custom", path: ["region"], message: "enter the region of your IAM Identity Center instance" });
    else if (!AWS_REGION.test(value.region)) ctx.addIssue({ code: "custom", path: ["region"], message: "a region looks like eu-west-1" });
    if (value.credentialSource === "assume-role") {
      if (!value.roleArn) ctx.addIssue({ code: "custom", path: ["roleArn"], message: "enter the ARN of the role to assume" });
      else if (!ROLE_ARN.test(value.roleArn)) ctx.addIssue({ code: "custom", path: ["roleArn"], message: "a role ARN looks like arn:aws:iam::123456789012:role/IdentityBridge" });
    }
    if (value.externalId && !/^[\w+=,.@:/-]{2,1224}$/.test(value.externalId))
      ctx.addIssue({ code: "custom", path: ["externalId"], message: "an external id uses letters, digits and +=,.@:/-" });
  });

export type EntraConnectionInput = z.output<typeof entraConnectionInput>;
export type AwsConnectionInput = z.output<typeof awsConnectionInput>;
