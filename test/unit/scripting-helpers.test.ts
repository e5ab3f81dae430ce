import { describe, expect, it } from "vitest";
import { compileMapping, compileMappings, mapSubject } from "../../src/util/subject-map.js";
import { compileFormat } from "../../src/util/message-format.js";
import { decodeCaptured, capturedLine } from "../../src/messaging/capture.js";
import { replayPace } from "../../src/messaging/replay.js";
import { CliError } from "../../src/errors.js";

describe("--map: subject mapping as the server reads it", () => {
  it("numbers the source's wildcards and fills {{wildcard(N)}}, $N and a trailing >", () => {
    expect(compileMapping("orders.*.*", "x.{{wildcard(2)}}.{{ wildcard(1) }}").map("orders.eu.new")).toBe("x.new.eu");
    expect(compileMapping("orders.*", "x.$1").map("orders.eu")).toBe("x.eu");
    expect(compileMapping("orders.>", "archive.orders.>").map("orders.eu.new.1")).toBe("archive.orders.eu.new.1");
    expect(compileMapping("orders.*.>", "o.{{wildcard(1)}}.{{wildcard(2)}}").map("orders.eu.a.b")).toBe("o.eu.a.b");
    expect(compileMapping("orders.*", "x.$1").map("orders.eu.new")).toBeUndefined();
    expect(compileMapping("orders.>", "x.>").map("orders")).toBeUndefined();
    expect(compileMapping("a.b", "c.d").map("a.b")).toBe("c.d");
  });

  it("first match wins; unmatched subjects stay; bad mappings are usage errors", () => {
    const m = compileMappings(["a.*", "one.$1", "a.>", "two.>"]);
    expect(mapSubject(m, "a.x")).toBe("one.x");
    expect(mapSubject(m, "a.x.y")).toBe("two.x.y");
    expect(mapSubject(m, "b.x")).toBe("b.x");
    expect(() => compileMappings(["a.*"])).toThrow(CliError);
    expect(() => compileMapping("a.>.b", "c")).toThrow(/">" before the last token/);
    expect(() => compileMapping("a.*", "b.$2")).toThrow(/refers to wildcard 2, the source "a.\*" has 1/);
  });
});

describe("--format templates", () => {
  const at = new Date("2026-01-02T03:04:05.678Z");
  it("renders message fields, a quoted header name, escapes outside actions and the template functions", () => {
    const f = compileFormat('{{Count}}\\t{{.Subject}} {{.Reply}} {{.Size}} {{.Header "trace-id"}} {{.Time}} {{.Seq}} {{.Stream}} {{.Base64}} {{.Hex}} {{.Headers}}');
    const line = f({ subject: "a.b", reply: "r", data: new Uint8Array([104, 105]), headers: { "Trace-Id": ["t1", "t2"] }, time: at, seq: 7, stream: "S" }, 3, 0);
    expect(line).toBe('3\ta.b r 2 t1 2026-01-02T03:04:05.678Z 7 S aGk= 6869 {"Trace-Id":["t1","t2"]}\n');
  });
  it("knows a kind's own fields and refuses unknown ones and bad arguments", () => {
    expect(compileFormat("{{.Key}}={{.Data}}", ["Key"])({ subject: "k", data: Buffer.from("v"), extra: { Key: "k" } }, 1, 0)).toBe("k=v\n");
    expect(() => compileFormat("{{.Key}}")).toThrow(/function "Key" not defined/);
    expect(() => compileFormat("{{.Header}}")).toThrow(/wrong number of args for Header/);
    expect(() => compileFormat("{{.Subject x}}")).toThrow(/wrong number of args for Subject/);
  });
});

describe("capture lines", () => {
  it("decodes what sub --json writes, binary bodies through base64, and writes it back the same way", () => {
    const m = decodeCaptured('{"count":1,"subject":"a","reply":"r","headers":{"K":["1","2"]},"data":"AP8=","encoding":"base64","size":2,"received":"2026-01-02T00:00:00.000Z"}', "x line 1");
    expect(m.subject).toBe("a");
    expect(m.reply).toBe("r");
    expect(m.headers!.values("K")).toEqual(["1", "2"]);
    expect([...m.data]).toEqual([0, 255]);
    expect(m.at).toBe(Date.parse("2026-01-02T00:00:00.000Z"));
    const line = capturedLine({ subject: "a", headers: m.headers, data: m.data, stream: "S", seq: 4, time: new Date(0) }, 1);
    expect(JSON.parse(line)).toEqual({ count: 1, subject: "a", headers: { K: ["1", "2"] }, data: "AP8=", encoding: "base64", size: 2, stream: "S", sequence: 4, time: "1970-01-01T00:00:00.000Z" });
  });
  it("names the line and what is wrong with it", () => {
    expect(() => decodeCaptured("{}", "f line 2")).toThrow('f line 2 has no "subject"');
    expect(() => decodeCaptured('{"subject":"a"}', "f line 3")).toThrow('f line 3 has no "data" string');
    expect(() => decodeCaptured('{"subject":"a","data":"x","encoding":"hex"}', "f line 4")).toThrow(/unknown "encoding" "hex"/);
  });
});

describe("replay pace", () => {
  it("reads --speed and --rate", () => {
    expect(replayPace({})).toEqual({ kind: "captured", speed: 1 });
    expect(replayPace({ speed: "2.5" })).toEqual({ kind: "captured", speed: 2.5 });
    expect(replayPace({ speed: "max" })).toEqual({ kind: "max" });
    expect(replayPace({ rate: "100/s" })).toEqual({ kind: "rate", perSecond: 100 });
    expect(replayPace({ rate: "60/m" })).toEqual({ kind: "rate", perSecond: 1 });
    for (const bad of [{ speed: "0" }, { speed: "-1" }, { rate: "fast" }, { speed: "2", rate: "1" }]) expect(() => replayPace(bad)).toThrow(CliError);
  });
});
