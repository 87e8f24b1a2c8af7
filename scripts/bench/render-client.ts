// The status bench's browser stand-in for the server render figures (scripts/bench/status.ts): GET each page, signed
// in, and time until the last byte of the streamed response — what a user waits for before the whole page is there.
// It runs in a process of its own, as a browser does: timed inside the bench's process, the figures would also hold
// that process's pauses (the in-process sandbox's 100,000-user heap collecting garbage, its answers to the server's polls).
// Input: one JSON argument { base, cookie, renders, pages: [label, path][] }; output: one JSON line { label: ms[] }.

export {}; // a module: top-level await

interface Input {
  base: string;
  cookie: string;
  renders: number;
  pages: [string, string][];
}

const input = JSON.parse(process.argv[2] ?? "{}") as Input;

async function render(path: string): Promise<number> {
  const t0 = performance.now();
  const response = await fetch(`${input.base}${path}`, { headers: { cookie: input.cookie }, redirect: "manual" });
  const html = await response.text();
  if (response.status !== 200 || !html.includes('data-testid="job-health"') || !html.includes('id="log"'))
    throw new Error(`GET ${path}: ${response.status}, not the whole status page`);
  return performance.now() - t0;
}

const times: Record<string, number[]> = {};
for (const [label, path] of input.pages) {
  await render(path); // warms the connection; a production build compiles nothing on first use
  const list: number[] = [];
  for (let i = 0; i < input.renders; i++) list.push(await render(path));
  times[label] = list;
}
process.stdout.write(`${JSON.stringify(times)}\n`);
