import "server-only";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { IAMClient } from "@aws-sdk/client-iam";
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { Env } from "../config/env";
import type { AwsConnectionView } from "../settings/connections";
import { SANDBOX } from "../../sandbox/fixtures";
import { AwsGatewayError } from "./errors";

/** Where the gateway talks to, as plain data: the sandbox cloud, or a real AWS organization. */
export type AwsTarget =
  | {
      kind: "sandbox";
      /** The sandbox's base URL; the AWS services answer under /aws, /aws/iam and /aws/sts. */
      sandboxUrl: string;
      region: string;
      credentials: { accessKeyId: string; secretAccessKey: string };
    }
  | {
      kind: "live";
      region: string;
      credentials: { source: "default-chain" } | { source: "assume-role"; roleArn: string; externalId?: string };
    };

export interface AwsClientOptions {
  /** Attempts per call including the first; the SDK's retry strategy spaces them with jittered backoff. */
  maxAttempts?: number;
  /** "adaptive" adds client-side rate limiting once AWS starts throttling (Identity Center allows 20 TPS in total). */
  retryMode?: "standard" | "adaptive";
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
}

export interface AwsClients {
  target: AwsTarget;
  sso: SSOAdminClient;
  ids: IdentitystoreClient;
  org: OrganizationsClient;
  iam: IAMClient;
  sts: STSClient;
  /** CloudTrail in the instance Region: sign-in events (LookupEvents) for the helpdesk and the Test sign-in step. */
  cloudtrail: CloudTrailClient;
  destroy(): void;
}

export const AWS_CLIENT_DEFAULTS: Required<AwsClientOptions> = {
  maxAttempts: 4,
  retryMode: "adaptive",
  requestTimeoutMs: 15_000,
  connectionTimeoutMs: 5_000,
};

type ConnectionInput = Pick<AwsConnectionView, "useSandbox" | "region" | "credentialSource" | "roleArn" | "externalId">;

/**
 * Sandbox or live. Sandbox mode never reaches a real cloud whatever the stored connection says;
 * live mode refuses a sandbox connection rather than silently talking to a local emulator.
 */
export function resolveAwsTarget(connection: ConnectionInput, environment: Pick<Env, "IB_MODE" | "SANDBOX_URL">): AwsTarget {
  if (environment.IB_MODE === "sandbox") {
    return {
      kind: "sandbox",
      sandboxUrl: environment.SANDBOX_URL.replace(/\/+$/, ""),
      region: SANDBOX.aws.region,
      credentials: { accessKeyId: SANDBOX.aws.accessKeyId, secretAccessKey: SANDBOX.aws.secretAccessKey },
    };
  }
  const refuse = (message: string) => new AwsGatewayError({ kind: "validation", operation: "ResolveTarget", message });
  if (connection.useSandbox)
    throw refuse("The AWS connection is set to the sandbox, which live mode does not use. Configure a region and credentials in Settings.");
  if (!connection.region) throw refuse("The AWS connection has no region. Set the region where IAM Identity Center is enabled in Settings.");
  if (connection.credentialSource === "assume-role") {
    if (!connection.roleArn) throw refuse("The AWS connection assumes a role but no role ARN is set. Add it in Settings.");
    return {
      kind: "live",
      region: connection.region,
      credentials: { source: "assume-role", roleArn: connection.roleArn, externalId: connection.externalId || undefined },
    };
  }
  return { kind: "live", region: connection.region, credentials: { source: "default-chain" } };
}

/** The six SDK clients for a target, sharing one credential provider, retry policy and timeouts. */
export function createAwsClients(target: AwsTarget, options: AwsClientOptions = {}): AwsClients {
  const o = { ...AWS_CLIENT_DEFAULTS, ...options };
  const common = {
    region: target.region,
    maxAttempts: o.maxAttempts,
    retryMode: o.retryMode,
    // Without throwOnRequestTimeout the SDK only logs a warning and keeps waiting on a hung request.
    requestHandler: { requestTimeout: o.requestTimeoutMs, connectionTimeout: o.connectionTimeoutMs, throwOnRequestTimeout: true },
  };

  if (target.kind === "sandbox") {
    const credentials = { ...target.credentials };
    const at = (path: string) => ({ ...common, credentials, endpoint: `${target.sandboxUrl}${path}` });
    return bundle(target, {
      sso: new SSOAdminClient(at("/aws")),
      ids: new IdentitystoreClient(at("/aws")),
      org: new OrganizationsClient(at("/aws")),
      iam: new IAMClient(at("/aws/iam")),
      sts: new STSClient(at("/aws/sts")),
      cloudtrail: new CloudTrailClient(at("/aws")),
    });
  }

  const c = target.credentials;
  const credentials =
    c.source === "assume-role"
      ? fromTemporaryCredentials({
          params: { RoleArn: c.roleArn, ExternalId: c.externalId, RoleSessionName: "identity-bridge", DurationSeconds: 3600 },
          clientConfig: { region: target.region },
        })
      : fromNodeProviderChain();
  const live = { ...common, credentials };
  return bundle(target, {
    sso: new SSOAdminClient(live),
    ids: new IdentitystoreClient(live),
    org: new OrganizationsClient(live),
    // IAM is a global service signed for us-east-1 (https://docs.aws.amazon.com/general/latest/gr/iam-service.html); STS stays regional.
    iam: new IAMClient({ ...live, region: "us-east-1" }),
    sts: new STSClient(live),
    // Identity Center writes its sign-in events in the instance Region (https://docs.aws.amazon.com/singlesignon/latest/userguide/logging-using-cloudtrail.html).
    cloudtrail: new CloudTrailClient(live),
  });
}

function bundle(target: AwsTarget, clients: Omit<AwsClients, "target" | "destroy">): AwsClients {
  return {
    target,
    ...clients,
    destroy() {
      for (const client of [clients.sso, clients.ids, clients.org, clients.iam, clients.sts, clients.cloudtrail]) client.destroy();
    },
  };
}
