/**
 * Polls `check` until it holds (true), or fails after `timeoutMs` naming `what` and the detail `check`
 * last returned (a string means "not yet, because …"). Waits on a condition, never for a fixed time: a
 * loaded machine only makes it take longer.
 */
export async function waitUntil(check: () => boolean | string | Promise<boolean | string>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await check();
    if (r === true) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${typeof r === "string" ? `: ${r}` : ""}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}
