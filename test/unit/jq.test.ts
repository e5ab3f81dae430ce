import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { JqOutput, JqProgram, JqSelector, JsonTexts, whereText } from "../../src/output/jq.js";
import { CliError } from "../../src/errors.js";

describe("JsonTexts: a stream of JSON texts cut into values, as jq reads its input", () => {
  it("cuts pretty documents, NDJSON lines, top-level scalars and strings, fed in any pieces", () => {
    const input = '{\n  "a": [1, {"b": "}]\\""}],\n  "c": "x\\\\"\n}\n{"n":1}\n{"n":2}\n"str ]"\n42\ntrue null [] {}';
    const expected = ['{\n  "a": [1, {"b": "}]\\""}],\n  "c": "x\\\\"\n}', '{"n":1}', '{"n":2}', '"str ]"', "42", "true", "null", "[]", "{}"];
    // whole, and one character at a time
    for (const size of [input.length, 1, 3, 7]) {
      const t = new JsonTexts();
      const got: string[] = [];
      for (let i = 0; i < input.length; i += size) {
        t.push(input.slice(i, i + size));
        got.push(...t.take());
      }
      const rest = t.rest();
      if (rest) got.push(rest);
      expect(got, `pieces of ${size}`).toEqual(expected);
    }
  });
});

describe("JqProgram: jq itself (jq-wasm)", () => {
  it("refuses a bad filter with jq's message, as a usage error", async () => {
    const e = await JqProgram.compile(".a |", "--jq").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(2);
    expect((e as CliError).message).toBe("invalid --jq filter: jq: error: syntax error, unexpected end of file at <top-level>, line 1, column 4");
    const u = (await JqProgram.compile("nosuchfn(1)", "--where").catch((x: unknown) => x)) as CliError;
    expect(u.message).toBe("invalid --where filter: jq: error: nosuchfn/1 is not defined at <top-level>, line 1, column 1");
  });

  it("runs per record, prints strings raw and other values compact, and names the records it failed on", async () => {
    const p = await JqProgram.compile(".a", "--jq");
    expect(p.apply(['{"a":"x\\ny"}', '{"a":{"b":[1, 2]}}', '{"a":1e1000}', '{"a":null}'])).toEqual({ out: 'x\ny\n{"b":[1,2]}\n1E+1000\nnull\n', errors: [] });
    expect(p.apply(['{"a":1}', '"text"', '{"a":2}'], 10)).toEqual({ out: "1\n2\n", errors: ['jq: error (at record 11): Cannot index string with string ("a")'] });
    const many = await JqProgram.compile(".[] | select(. > 1)", "--jq");
    expect(many.apply(["[1,2,3]", "[0]", "[5]"]).out).toBe("2\n3\n5\n");
  });

  it("tests records for --where: at least one value that is not false or null; a failure is false with its error", async () => {
    const p = await JqProgram.compile('.subject == "orders.eu" and .data.total > 100', "--where");
    const texts = [
      whereText({ subject: "orders.eu", data: '{"total": 120}' }),
      whereText({ subject: "orders.eu", data: '{"total": 20}' }),
      whereText({ subject: "orders.us", data: '{"total": 500}' }),
      whereText({ subject: "orders.eu", data: "plain text" }),
    ];
    expect(p.test(texts)).toEqual({ keep: [true, false, false, false], errors: [undefined, undefined, undefined, 'Cannot index string with string ("total")'] });
    const sel = new JqSelector(p);
    expect(await Promise.all(texts.map((t) => sel.keep(t)))).toEqual([{ keep: true }, { keep: false }, { keep: false }, { keep: false, error: 'Cannot index string with string ("total")' }]);
    const gen = await JqProgram.compile(".a[]", "--where");
    expect(gen.test(['{"a":[null,false,0]}', '{"a":[null,false]}', '{"a":[]}']).keep).toEqual([true, false, false]);
  });

  it("keeps data that is not a JSON document as text, and base64 bodies untouched", () => {
    expect(JSON.parse(whereText({ data: '{"x":1}' })).data).toEqual({ x: 1 });
    expect(JSON.parse(whereText({ data: "42" })).data).toBe(42);
    expect(JSON.parse(whereText({ data: "hello" })).data).toBe("hello");
    expect(JSON.parse(whereText({ data: "{nope" })).data).toBe("{nope");
    expect(JSON.parse(whereText({ data: "e30=", encoding: "base64" })).data).toBe("e30=");
  });
});

describe("JqOutput: stdout under --jq", () => {
  it("filters a pretty document and NDJSON written in pieces, in order, and counts records that failed", async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    let so = "";
    let se = "";
    out.on("data", (d) => { so += String(d); });
    err.on("data", (d) => { se += String(d); });
    const sink = new JqOutput(await JqProgram.compile(".n", "--jq"), out, err);
    sink.write('{\n  "n": 1\n}\n');
    sink.write('{"n":2}\n{"n"');
    sink.write(':3}\n"oops"\n');
    for (let i = 4; i <= 1000; i++) sink.write(`{"n":${i}}\n`);
    await sink.close();
    expect(so).toBe(Array.from({ length: 1000 }, (_, i) => `${i + 1}\n`).join(""));
    expect(se).toBe('jq: error (at record 4): Cannot index string with string ("n")\n');
    expect(sink.failed).toBe(1);
  });
});
