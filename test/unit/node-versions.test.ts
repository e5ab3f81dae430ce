import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), "utf8");

// README promises the Node versions CI tests; .ci/run must run the suite on each of them.
it("CI runs the suite on every Node version the README says is tested", () => {
  const readme = /\*\*Node versions tested\*\*: CI \(`bash \.ci\/run`\) runs this suite on Node (\d+) \(the machine's[^)]*\) and\s+on Node (\d+) /.exec(read("README.md"));
  expect(readme, "README states the tested Node versions").not.toBeNull();
  const [, oldest, newest] = readme!;
  const ci = read(".ci/run");
  // the newest: installed from the registry into a temp prefix, then `npm test` with it first on PATH
  expect(ci).toContain(`NODE_LTS=\${NODE_LTS:-${newest}}`);
  expect(ci).toMatch(/npm install --prefix "\$prefix" .*"node-linux-\$arch@\$NODE_LTS"/);
  expect(ci).toMatch(/PATH="\$lts_bin:\$PATH" npm test\n/);
  // the oldest: the machine's Node, which is what package.json's engines allow at the least
  expect(JSON.parse(read("package.json")).engines.node).toBe(`>=${oldest}`);
  expect(ci).toMatch(/npm ci --no-audit --no-fund\nSECONDS=0\nnpm test\n/);
});
