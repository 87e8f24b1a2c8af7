// Runs once when the Next.js server starts: validate the environment before serving anything, so a
// misconfigured deployment fails at start-up with a clear message instead of on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/config/env");
  env();
}
