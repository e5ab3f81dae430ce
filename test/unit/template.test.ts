import { describe, expect, it } from "vitest";
import { compileTemplate, expandSubjectTokens, rfc3339Local, templateOrLiteral, TemplateError } from "../../src/util/template.js";
import { goDuration, prettyMessage, stampMicro } from "../../src/output/message.js";
import { splitCommand } from "../../src/util/shell.js";
import { parseHeaderFlags } from "../../src/util/headers.js";
import { lineBatches } from "../../src/util/stdin.js";
import { Readable } from "node:stream";

const at = new Date(2024, 0, 2, 15, 4, 5, 123).getTime();

describe("templates", () => {
  it("fills Count in call and field form, and Cnt", () => {
    const t = compileTemplate("a {{Count}} b {{ .Count }} c {{Cnt}} d {{.Cnt}}");
    expect(t.constant).toBe(false);
    expect(t.render({ count: 7, now: at })).toBe("a 7 b 7 c 7 d 7");
  });

  it("renders time functions from the given clock", () => {
    const t = compileTemplate("{{Unix}}|{{UnixNano}}|{{Time}}|{{TimeStamp}}");
    const [unix, nano, kitchen, ts] = t.render({ count: 1, now: at }).split("|");
    expect(unix).toBe(String(Math.floor(at / 1000)));
    expect(nano).toBe(`${at}000000`);
    expect(kitchen).toBe("3:04PM");
    expect(ts).toBe(rfc3339Local(at));
    expect(ts).toMatch(/^2024-01-02T15:04:05(Z|[+-]\d\d:\d\d)$/);
  });

  it("makes IDs and random strings of the asked length (swapping reversed bounds)", () => {
    const id = compileTemplate("{{ID}}").render({ count: 1, now: at });
    expect(id).toMatch(/^[A-Za-z0-9]{22}$/);
    for (let i = 0; i < 50; i++) {
      const r = compileTemplate("{{Random 8 3}}").render({ count: 1, now: at });
      expect(r).toMatch(/^[A-Za-z0-9]{3,8}$/);
    }
  });

  it("gives Request to reply templates", () => {
    expect(compileTemplate("got {{.Request}} #{{Count}}").render({ count: 0, now: at, request: "ping" })).toBe("got ping #0");
  });

  it("rejects unknown functions and bad arguments", () => {
    expect(() => compileTemplate("{{Nope}}")).toThrow(TemplateError);
    expect(() => compileTemplate("{{Random 1}}")).toThrow(/want 2/);
    expect(() => compileTemplate("{{Count")).toThrow(/unclosed/);
  });

  it("falls back to the literal text with a warning, or when templates are off", () => {
    const warnings: string[] = [];
    expect(templateOrLiteral("x {{Nope}}", true, "body", (m) => warnings.push(m)).render({ count: 1, now: at })).toBe("x {{Nope}}");
    expect(warnings).toEqual(['Could not parse body template: function "Nope" not defined']);
    expect(templateOrLiteral("{{Count}}", false, "body", () => undefined).render({ count: 1, now: at })).toBe("{{Count}}");
  });

  it("templates -H values, falling back to the literal value with a header warning", () => {
    const warnings: string[] = [];
    const [ok, bad] = parseHeaderFlags(["X-N: {{Count}}", "X-Bad:{{Nope}}"], (m) => warnings.push(m));
    expect(ok!.key).toBe("X-N");
    expect(ok!.value.render({ count: 3, now: at })).toBe("3");
    expect(bad!.value.render({ count: 3, now: at })).toBe("{{Nope}}");
    expect(warnings).toEqual(['Could not parse header template: function "Nope" not defined']);
  });

  it("expands subject tokens for reply --command", () => {
    expect(expandSubjectTokens("echo {{0}} {{2}} {{9}}", "a.b.c")).toBe("echo a c {{9}}");
  });
});

describe("message formatting", () => {
  it("prints bodies as natscli: extra blank line unless the body ends in a newline, nil body when empty", () => {
    expect(prettyMessage(undefined, Buffer.from("hi")).toString()).toBe("hi\n\n");
    expect(prettyMessage(undefined, Buffer.from("hi\n")).toString()).toBe("hi\n\n");
    expect(prettyMessage(undefined, new Uint8Array()).toString()).toBe("nil body\n\n");
  });

  it("formats Go durations and StampMicro", () => {
    expect(goDuration(1234.567)).toBe("1.234567s");
    expect(goDuration(4.5)).toBe("4.5ms");
    expect(goDuration(0.012)).toBe("12µs");
    expect(goDuration(62_500)).toBe("1m2.5s");
    expect(stampMicro(at)).toBe("Jan  2 15:04:05.123000");
  });

  it("splits commands like a shell without running one", () => {
    expect(splitCommand(`sh -c 'echo "a b"' x\\ y "q\\"z"`)).toEqual(["sh", "-c", 'echo "a b"', "x y", 'q"z']);
    expect(() => splitCommand("echo 'open")).toThrow(/unterminated/);
  });

  it("splits stdin into lines across chunk borders, keeps inner empty lines, drops the trailing one, strips CR", async () => {
    const s = Readable.from([Buffer.from("a\r\n\nb"), Buffer.from("c\nlast")]);
    const lines: string[] = [];
    for await (const b of lineBatches(s, new AbortController().signal)) lines.push(...b.map(String));
    expect(lines).toEqual(["a", "", "bc", "last"]);
  });
});
