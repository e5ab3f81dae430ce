import { describe, expect, it } from "vitest";
import { GoTemplateError, renderGoTemplate } from "../../src/scaffold/go-template.js";

const r = (t: string, data: unknown = {}, funcs = {}) => renderGoTemplate("t", t, data, funcs);

describe("Go text/template subset (server generate bundles)", () => {
  it("prints fields, missing keys and values as Go does", () => {
    expect(r("{{ .a.b }} {{ .x }} {{ . }}", { a: { b: 1 } })).toBe("1 <no value> map[a:map[b:1]]");
    expect(r("{{ list 1 \"a\" true }} {{ nil }}")).toBe("[1 a true] <nil>");
    expect(r("{{ 1.5 }} {{ -3 }} {{ 0x10 }} {{ 'a' }}")).toBe("1.5 -3 16 97");
  });

  it("trims around {{- and -}} and drops comments", () => {
    expect(r("a  \n {{- 1 -}} \n  b")).toBe("a1b");
    expect(r("a {{/* note */}} b {{- /* x */ -}} c")).toBe("a  bc");
    expect(r("{{-3}}")).toBe("-3");
  });

  it("runs if / else if / else, with, and the comparison functions", () => {
    const t = "{{ if eq .n 1 }}one{{ else if gt .n 5 }}big{{ else }}other{{ end }}";
    expect([r(t, { n: 1 }), r(t, { n: 9 }), r(t, { n: 3 })]).toEqual(["one", "big", "other"]);
    expect(r("{{ with .u }}hi {{ .name }}{{ else }}nobody{{ end }}", { u: { name: "al" } })).toBe("hi al");
    expect(r("{{ with .u }}x{{ else }}nobody{{ end }}", {})).toBe("nobody");
    expect(r("{{ if and .a (not .b) }}y{{ end }}{{ or .z \"d\" }}", { a: 1, b: 0 })).toBe("yd");
    expect(r("{{ eq .s \"x\" \"y\" }} {{ ne 1 2 }} {{ le 2 2 }} {{ lt \"a\" \"b\" }}", { s: "y" })).toBe("true true true true");
  });

  it("ranges over lists, maps (sorted keys), numbers, with else, break and continue", () => {
    expect(r("{{ range $i, $v := .l }}{{ $i }}={{ $v }};{{ end }}", { l: ["a", "b"] })).toBe("0=a;1=b;");
    expect(r("{{ range $k, $v := .m }}{{ $k }}:{{ $v }} {{ end }}", { m: { b: 2, a: 1 } })).toBe("a:1 b:2 ");
    expect(r("{{ range .l }}{{ . }}{{ else }}none{{ end }}", { l: [] })).toBe("none");
    expect(r("{{ range 5 }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}")).toBe("02");
    // sprig's split makes a map _0, _1, … so a range visits its keys in string order, as in Go
    expect(r("{{ range 12 | add 0 | seq | split \" \" }}{{ . }},{{ end }}")).toBe("1,2,11,12,3,4,5,6,7,8,9,10,");
  });

  it("declares and assigns variables with scopes, $ is the data", () => {
    expect(r("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}", {})).toBe("2");
    expect(r("{{ range .l }}{{ $.p }}{{ . }}{{ end }}", { p: "-", l: [1, 2] })).toBe("-1-2");
    expect(() => r("{{ if true }}{{ $y := 3 }}{{ end }}{{ $y }}")).toThrow(/undefined variable: \$y/);
  });

  it("pipes the value in as the last argument, and evaluates parenthesised pipelines", () => {
    expect(r("{{ \"a b\" | nospace | upper | printf \"%s!\" }}")).toBe("AB!");
    expect(r("{{ (dict \"k\" \"v\").k }} {{ index .l 1 }} {{ len .l }}", { l: [5, 6] })).toBe("v 6 2");
    expect(r("{{ cat \"n\" 1 \".c\" 2 | nospace }} {{ sub (add 10 (mul 2 3)) 1 }}")).toBe("n1.c2 15");
    expect(r("{{ $d := dict \"u\" list }}{{ $_ := set $d \"u\" (append (get $d \"u\") \"x\") }}{{ get $d \"u\" | join \",\" }}")).toBe("x");
    expect(r("{{ default \"def\" .missing }} {{ .v | quote }} {{ printf \"%03d|%-3s|%q\" 7 \"a\" \"b\" }}", { v: 'say "hi"' })).toBe('def "say \\"hi\\"" 007|a  |"b"');
  });

  it("defines and calls templates, and takes extra functions", () => {
    expect(r("{{ define \"x\" }}<{{ . }}>{{ end }}{{ template \"x\" .v }}", { v: 1 })).toBe("<1>");
    expect(r("{{ hello \"w\" }}", {}, { hello: (w: unknown) => `hello ${String(w)}` })).toBe("hello w");
  });

  it("refuses what Go refuses", () => {
    expect(() => r("{{ nope 1 }}")).toThrow(new GoTemplateError('template: t:1: function "nope" not defined'));
    expect(() => r("{{ if 1 }}x")).toThrow("template: t: unexpected EOF");
    expect(() => r("{{ end }}")).toThrow("template: t:1: unexpected {{end}}");
    expect(() => r("x\n{{ .a")).toThrow("template: t:2: unclosed action");
    expect(() => r("{{ .a.b }}", {})).toThrow("nil pointer evaluating interface {}.b");
    expect(() => r("{{ eq 1 \"1\" }}")).toThrow("incompatible types for comparison");
    expect(() => r("{{ .constructor }}{{ toString }}", {})).not.toThrow();
    expect(r("{{ .constructor }}", {})).toBe("<no value>");
  });
});
