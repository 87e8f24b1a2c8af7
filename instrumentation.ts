// Runs once when the Next.js server starts: validate the environment before serving anything, so a
// misconfigured deployment fails at start-up with a clear message instead of on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/config/env");
  env();
  // Background work belongs to a serving process only, never to `next build`.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startProvisioningBackground } = await import("./lib/provisioning/background");
  startProvisioningBackground();
  // AWS jobs a restart interrupted resume by themselves once their lease has run out (lib/aws-jobs/resumer.ts).
  const { startAwsJobBackground } = await import("./lib/aws-jobs/background");
  startAwsJobBackground();
}
