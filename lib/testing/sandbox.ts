import { createAwsModule } from "../../sandbox/aws";
import { startSandbox, type SandboxServer } from "../../sandbox/core/server";
import { createEntraModule } from "../../sandbox/entra";

/**
 * Integration tests: the whole sandbox cloud (Entra and AWS) on a free port, with the portal pointed at it in sandbox
 * mode, as `npm run dev` would run it.
 */
export async function startPortalSandbox(): Promise<SandboxServer> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const server = await startSandbox({ port: 0, modules: [createAwsModule(), createEntraModule()] });
  process.env.SANDBOX_URL = server.url;
  process.env.IB_MODE = "sandbox";
  return server;
}
