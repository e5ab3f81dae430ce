import { Command, type Option } from "commander";
import type { Deps } from "../deps.js";
import { usageError } from "../errors.js";
import type { ProgramContext } from "./registry.js";

export type Shell = "bash" | "zsh" | "fish" | "powershell";
export const SHELLS: Shell[] = ["bash", "zsh", "fish", "powershell"];
/** The file suffix of each shell's script in completions/. */
export const SHELL_SUFFIX: Record<Shell, string> = { bash: "bash", zsh: "zsh", fish: "fish", powershell: "ps1" };

/**
 * What a positional argument is completed with: names the scripts ask `nats __complete KIND [FIRST_ARGUMENT]` for
 * (src/commands/complete.ts; the kinds that need one take the stream or bucket typed as the first argument).
 */
export type ArgKind = "streams" | "consumers" | "kv-buckets" | "kv-keys" | "object-buckets" | "objects" | "contexts" | "services";

/** One command of the tree as the completion scripts see it. */
export interface CompletionNode {
  /** Canonical path, e.g. "context add" ("" for the root). */
  path: string;
  name: string;
  aliases: string[];
  description: string;
  flags: { long?: string; short?: string; value: boolean; description: string; kind?: ArgKind }[];
  /** What each positional argument (by index) is completed with; none for new names, files, subjects. */
  args: (ArgKind | undefined)[];
  children: CompletionNode[];
}

/**
 * The dynamic kind of a command's argument, from its group (the first word of its path), its verb and the argument's
 * name: existing names only (`stream add STREAM`, `kv create BUCKET KEY`, `context add NAME` name new ones).
 */
export function argKind(path: string, argName: string): ArgKind | undefined {
  const words = path.split(" ");
  const group = words[0];
  const verb = words[words.length - 1];
  const creates = verb === "add";
  switch (group) {
    case "context":
      return (argName === "name" && !creates && verb !== "copy") || argName === "source" ? "contexts" : undefined;
    case "stream":
      return (argName === "stream" && !creates) || argName === "source" ? "streams" : undefined;
    case "consumer":
      if (argName === "stream") return "streams";
      return (argName === "consumer" && !creates) || argName === "source" ? "consumers" : undefined;
    case "kv":
      if (argName === "bucket") return creates ? undefined : "kv-buckets";
      return argName === "key" && verb !== "create" ? "kv-keys" : undefined;
    case "object":
      if (argName === "bucket") return creates ? undefined : "object-buckets";
      return argName === "name" ? "objects" : undefined;
    case "service":
      return argName === "service" ? "services" : undefined;
    default:
      return undefined;
  }
}

/** Flags whose values are files (completed with the shell's file completion). */
const FILE_FLAGS = ["--creds", "--nkey", "--tlscert", "--tlskey", "--tlsca"];

function flagsOf(cmd: Command, path: string): CompletionNode["flags"] {
  const flags: CompletionNode["flags"] = (cmd.options as Option[]).filter((o) => !o.hidden).map((o) => {
    const value = Boolean(o.required || o.optional);
    const kind = value ? flagKind(path, o.long) : undefined;
    return { long: o.long, short: o.short, value, description: o.description ?? "", ...(kind ? { kind } : {}) };
  });
  // commander keeps the help option apart from cmd.options
  flags.push({ long: "--help", short: "-h", value: false, description: "Show help" });
  return flags;
}

/** The dynamic kind of a flag's value: --context, --stream, and a stream's or bucket's --mirror/--source/--bucket. */
export function flagKind(path: string, long: string | undefined): ArgKind | undefined {
  const group = path.split(" ")[0];
  switch (long) {
    case "--context": return "contexts";
    case "--stream": return "streams";
    case "--bucket": return "kv-buckets";
    case "--mirror":
    case "--source":
      return group === "stream" ? "streams" : group === "kv" ? "kv-buckets" : undefined;
    default: return undefined;
  }
}

/** Walks a commander tree into plain nodes (hidden commands and options left out). */
export function completionTree(cmd: Command, parentPath = ""): CompletionNode {
  const path = cmd.parent ? (parentPath ? `${parentPath} ${cmd.name()}` : cmd.name()) : "";
  const visible = cmd.commands.filter((c) => !(c as unknown as { _hidden: boolean })._hidden);
  return {
    path,
    name: cmd.name(),
    aliases: cmd.aliases(),
    description: cmd.description(),
    flags: flagsOf(cmd, path),
    args: path ? cmd.registeredArguments.map((a) => argKind(path, a.name())) : [],
    children: visible.map((c) => completionTree(c, path)),
  };
}

function all(n: CompletionNode): CompletionNode[] {
  return [n, ...n.children.flatMap(all)];
}

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();
const flagWords = (n: CompletionNode) => n.flags.flatMap((f) => [f.long, f.short].filter((x): x is string => Boolean(x)));
const valueWords = (n: CompletionNode) => n.flags.filter((f) => f.value).flatMap((f) => [f.long, f.short].filter((x): x is string => Boolean(x)));

/** The "PATH|FLAG" words of each flag whose value has a kind (a global one as "|FLAG", for any command). */
function flagKindArms(nodes: CompletionNode[]): [string[], ArgKind][] {
  return nodes.flatMap((n) => n.flags.filter((f) => f.kind).map((f): [string[], ArgKind] =>
    [[f.long, f.short].filter((w): w is string => Boolean(w)).map((w) => (n.path ? `${n.path}|${w}` : `*|${w}`)), f.kind!]));
}

/** One arm of a bash/zsh `case`. */
const arm = (pattern: string, command: string) => `    ${pattern}) ${command} ;;`;

/** A bash/zsh function that runs the arm of a `case` on `subject` that matches. */
function caseFunction(name: string, arms: string[], subject = '"$1"'): string {
  return `${name}() {
  case ${subject} in
${arms.join("\n")}
  esac
}`;
}

/** Shared shell-function bodies (bash and zsh accept the same `case` syntax). */
function posixTables(prog: string, fn: string, nodes: CompletionNode[], root: CompletionNode): string {
  const echo = (words: string) => `echo ${sq(words)}`;
  const child = nodes.flatMap((n) => n.children.map((c) => arm([c.name, ...c.aliases].map((w) => sq(`${n.path}|${w}`)).join("|"), echo(c.path))));
  const words = nodes.filter((n) => n.children.length).map((n) => arm(sq(n.path), echo(n.children.map((c) => c.name).join(" "))));
  const aliases = nodes.filter((n) => n.children.some((c) => c.aliases.length)).map((n) => arm(sq(n.path), echo(n.children.flatMap((c) => c.aliases).join(" "))));
  const flags = nodes.filter((n) => n.path !== "" && n.flags.length).map((n) => arm(sq(n.path), echo(flagWords(n).join(" "))));
  const vflags = nodes.filter((n) => valueWords(n).length).map((n) => arm(sq(n.path), echo(valueWords(n).join(" "))));
  const kinds = nodes.flatMap((n) => n.args.flatMap((k, i) => (k ? [arm(sq(`${n.path}|${i}`), `echo ${k}`)] : [])));
  // specific commands first, then the global flags of any command ("*|--context")
  const flagKinds = flagKindArms(nodes).sort((a, b) => Number(a[0][0]!.startsWith("*")) - Number(b[0][0]!.startsWith("*")))
    .map(([pattern, k]) => arm(pattern.map((p) => (p.startsWith("*") ? `*${sq(p.slice(1))}` : sq(p))).join("|"), `echo ${k}`));
  const globals = valueWords(root);
  return `${caseFunction(`${fn}_child`, child, '"$1|$2"')}
${caseFunction(`${fn}_subcommands`, words)}
${caseFunction(`${fn}_aliases`, aliases)}
${caseFunction(`${fn}_flags`, flags)}
${caseFunction(`${fn}_value_flags`, vflags)}
${fn}_takes_value() {
  local f
  for f in $(${fn}_value_flags "$1") $(${fn}_value_flags ""); do
    [ "$f" = "$2" ] && return 0
  done
  return 1
}
# global flags with a value: passed on to \`${prog} __complete\` so it connects as the command line would
${fn}_global_value() {
  case "$1" in
    ${globals.length ? globals.map(sq).join("|") : "'-none-'"}) return 0 ;;
  esac
  return 1
}
# what the positional argument "PATH|INDEX" is completed with (\`${prog} __complete\` kinds)
${caseFunction(`${fn}_argkind`, kinds)}
# what the value of the flag "PATH|FLAG" is completed with (global flags as "|FLAG")
${caseFunction(`${fn}_flagkind`, flagKinds)}
`;
}

/** How the scripts say what they are; the names in argument positions come from `PROG __complete`. */
const HEADER = (shell: string, prog: string) => `# ${shell} completion for ${prog} (natsx); generated by \`${prog} completion ${shell}\` — do not edit.
# Stream, consumer, bucket, key, object, context and service names come from \`${prog} __complete KIND\`, which connects
# as the command line would (its --context/--server flags, NATS_*, the selected context) for at most ~1 s and
# keeps answers 15 s in $XDG_CACHE_HOME/natsx/complete (names only); with no server it offers nothing.`;

function bash(prog: string, root: CompletionNode): string {
  const fn = `__${prog}_comp`;
  const nodes = all(root);
  return `${HEADER("bash", prog)}
# Install: source this file, or copy it to /etc/bash_completion.d/${prog}
${posixTables(prog, fn, nodes, root)}
_${prog}_complete() {
  local cur cmdpath="" i w c skip=0 kind line n q
  local -a words=() pos=() gflags=()
  # the line itself, split on blanks: COMP_WORDS splits at ':' and '=' too (a URL, --context=x)
  if [[ -n "\${COMP_LINE+x}" ]]; then
    line="\${COMP_LINE:0:\${COMP_POINT:-\${#COMP_LINE}}}"
    read -ra words <<< "$line"
    [[ -z "$line" || "$line" == *[[:blank:]] ]] && words+=("")
  else
    words=("\${COMP_WORDS[@]:0:COMP_CWORD+1}")
  fi
  cur="\${words[\${#words[@]}-1]}"
  for ((i = 1; i < \${#words[@]} - 1; i++)); do
    w="\${words[i]}"
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      --*=*) ${fn}_global_value "\${w%%=*}" && gflags+=("$w"); continue ;;
      -*)
        if ${fn}_takes_value "$cmdpath" "$w"; then
          skip=1
          ${fn}_global_value "$w" && ((i + 1 < \${#words[@]} - 1)) && gflags+=("$w" "\${words[i+1]}")
        fi
        continue ;;
    esac
    c="$(${fn}_child "$cmdpath" "$w")"
    if [ -n "$c" ]; then cmdpath="$c"; pos=(); else pos+=("$w"); fi
  done
  COMPREPLY=()
  # the word is the value of the flag before it
  if ((skip)); then
    w="\${words[\${#words[@]}-2]}"
    case "$w" in
      ${FILE_FLAGS.join("|")}) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
    esac
    kind="$(${fn}_flagkind "$cmdpath|$w")"
    [ -n "$kind" ] || return 0
    pos=()
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(${fn}_flags "$cmdpath") $(${fn}_flags_root)" -- "$cur"))
    return 0
  else
    kind="$(${fn}_argkind "$cmdpath|\${#pos[@]}")"
  fi
  if [ -n "$kind" ]; then
    # names, and no file names in their place when there are none (the server is down)
    compopt +o default 2>/dev/null
    while IFS= read -r n; do
      [ -n "$n" ] || continue
      printf -v q '%q' "$n"
      [[ "$q" == "$cur"* ]] && COMPREPLY+=("$q")
    done < <(${prog} "\${gflags[@]}" __complete "$kind" "\${pos[0]}" 2>/dev/null)
    # bash replaces only what follows the last ':' or '=' of the word (COMP_WORDBREAKS)
    if [[ "$cur" == *[:=]* ]]; then
      local pre="\${cur%"\${cur##*[:=]}"}"
      COMPREPLY=("\${COMPREPLY[@]#"$pre"}")
    fi
    return 0
  fi
  COMPREPLY=($(compgen -W "$(${fn}_subcommands "$cmdpath")" -- "$cur"))
  # an alias when no name fits what is typed (\`nats obs<TAB>\`: consumer's alias obs)
  if ((\${#COMPREPLY[@]} == 0)) && [ -n "$cur" ]; then
    COMPREPLY=($(compgen -W "$(${fn}_aliases "$cmdpath")" -- "$cur"))
  fi
}
${fn}_flags_root() {
  echo ${sq(flagWords(root).join(" "))}
}
complete -o default -F _${prog}_complete ${prog}
`;
}

function zsh(prog: string, root: CompletionNode): string {
  const fn = `__${prog}_comp`;
  const nodes = all(root);
  const desc = nodes.filter((n) => n.children.length).map((n) => arm(sq(n.path), `print -rl -- ${n.children.map((c) => sq(`${c.name}:${oneLine(c.description)}`)).join(" ")}`));
  const aliasDesc = nodes.filter((n) => n.children.some((c) => c.aliases.length)).map((n) => arm(sq(n.path), `print -rl -- ${n.children.flatMap((c) => c.aliases.map((a) => sq(`${a}:alias of ${c.name}`))).join(" ")}`));
  const flagDesc = nodes.filter((n) => n.flags.length).map((n) => arm(sq(n.path), `print -rl -- ${n.flags.flatMap((f) => [f.long, f.short].filter(Boolean).map((w) => sq(`${w}:${oneLine(f.description)}`))).join(" ")}`));
  return `#compdef ${prog}
${HEADER("zsh", prog)}
# Install: put this file as _${prog} in a directory of your $fpath, or source it after compinit.
${posixTables(prog, fn, nodes, root)}
${caseFunction(`${fn}_described`, desc)}
${caseFunction(`${fn}_aliases_described`, aliasDesc)}
${caseFunction(`${fn}_flags_described`, flagDesc)}
_${prog}() {
  local cmdpath="" w c i skip=0 cur prev kind
  local -a pos gflags
  cur="\${words[CURRENT]}"
  prev="\${words[CURRENT-1]}"
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      --*=*) ${fn}_global_value "\${w%%=*}" && gflags+=("$w"); continue ;;
      -*)
        if ${fn}_takes_value "$cmdpath" "$w"; then
          skip=1
          ${fn}_global_value "$w" && (( i + 1 < CURRENT )) && gflags+=("$w" "\${words[i+1]}")
        fi
        continue ;;
    esac
    c="$(${fn}_child "$cmdpath" "$w")"
    if [[ -n "$c" ]]; then cmdpath="$c"; pos=(); else pos+=("$w"); fi
  done
  # the word is the value of the flag before it
  if (( skip )); then
    case "$prev" in
      ${FILE_FLAGS.join("|")}) _files; return 0 ;;
    esac
    kind="$(${fn}_flagkind "$cmdpath|$prev")"
    [[ -n "$kind" ]] || return 0
    pos=()
  elif [[ "$cur" == -* ]]; then
    local -a items
    items=(\${(f)"$(${fn}_flags_described "$cmdpath"; [[ -n "$cmdpath" ]] && ${fn}_flags_described "")"})
    _describe -t flags 'flag' items
    return 0
  else
    kind="$(${fn}_argkind "$cmdpath|\${#pos}")"
  fi
  if [[ -n "$kind" ]]; then
    local -a names
    names=(\${(f)"$(${prog} "\${gflags[@]}" __complete "$kind" "\${pos[1]}" 2>/dev/null)"})
    (( \${#names} )) && compadd -- "\${names[@]}"
    return 0
  fi
  local -a items
  items=(\${(f)"$(${fn}_described "$cmdpath")"})
  # an alias when no name fits what is typed (\`${prog} obs<TAB>\`: consumer's alias obs)
  local -a fit
  fit=(\${(M)items:#\${cur}*})
  if [[ -n "$cur" ]] && (( \${#items} && \${#fit} == 0 )); then
    items=(\${(f)"$(${fn}_aliases_described "$cmdpath")"})
  fi
  (( \${#items} )) && _describe -t commands 'command' items
  return 0
}
if [[ "\${funcstack[1]}" == "_${prog}" ]]; then
  _${prog} "$@"
else
  compdef _${prog} ${prog}
fi
`;
}

function fish(prog: string, root: CompletionNode): string {
  const fq = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const fn = `__${prog}_comp`;
  const nodes = all(root);
  const child = nodes.flatMap((n) => n.children.map((c) => `        case ${[c.name, ...c.aliases].map((w) => fq(`${n.path}|${w}`)).join(" ")}\n            echo ${fq(c.path)}`));
  const vflags = nodes.filter((n) => valueWords(n).length).map((n) => `        case ${fq(n.path)}\n            printf '%s\\n' ${valueWords(n).map(fq).join(" ")}`);
  const names = nodes.filter((n) => n.children.length).map((n) => `        case ${fq(n.path)}\n            printf '%s\\n' ${n.children.map((c) => fq(c.name)).join(" ")}`);
  const aliases = nodes.filter((n) => n.children.some((c) => c.aliases.length)).map((n) => `        case ${fq(n.path)}\n            printf '%s\\n' ${n.children.flatMap((c) => c.aliases.map((a) => fq(`${a}\talias of ${c.name}`))).join(" ")}`);
  const kinds = nodes.flatMap((n) => n.args.flatMap((k, i) => (k ? [`        case ${fq(`${n.path}|${i}`)}\n            echo ${k}`] : [])));
  const lines: string[] = [];
  for (const n of nodes) {
    const cond = `-n ${fq(`${fn}_at ${sq(n.path)}`)}`;
    for (const c of n.children) lines.push(`complete -c ${prog} ${cond} -a ${fq(c.name)} -d ${fq(oneLine(c.description))}`);
    for (const f of n.flags) {
      const parts = [`complete -c ${prog}`];
      if (n.path !== "") parts.push(cond);
      if (f.long) parts.push(`-l ${f.long.replace(/^--/, "")}`);
      if (f.short) parts.push(`-s ${f.short.replace(/^-/, "")}`);
      if (f.value) parts.push(FILE_FLAGS.includes(f.long ?? "") ? "-r -F" : f.kind ? `-x -a ${fq(`(${fn}_ask ${f.kind})`)}` : "-x");
      parts.push(`-d ${fq(oneLine(f.description))}`);
      lines.push(parts.join(" "));
    }
  }
  return `${HEADER("fish", prog)}
# Install: copy to ~/.config/fish/completions/${prog}.fish
function ${fn}_child
    switch "$argv[1]|$argv[2]"
${child.join("\n")}
    end
end
function ${fn}_value_flags
    switch "$argv[1]"
${vflags.join("\n")}
    end
end
function ${fn}_names
    switch "$argv[1]"
${names.join("\n")}
    end
end
function ${fn}_alias_words
    switch "$argv[1]"
${aliases.join("\n")}
    end
end
function ${fn}_argkind
    switch "$argv[1]"
${kinds.join("\n")}
    end
end
# the command path typed so far, then (with --all) the positional arguments after it and the global flags with values
function ${fn}_path
    set -l toks (commandline -opc)
    set -e toks[1]
    set -l p ""
    set -l pos
    set -l gflags
    set -l globals (${fn}_value_flags "")
    set -l skip 0
    set -l n (count $toks)
    for i in (seq $n)
        set -l w $toks[$i]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case '--*=*'
                if contains -- (string split -m1 = -- $w)[1] $globals
                    set -a gflags $w
                end
                continue
            case '-*'
                if contains -- $w (${fn}_value_flags "$p") $globals
                    set skip 1
                    if contains -- $w $globals; and test $i -lt $n
                        set -a gflags $w $toks[(math $i + 1)]
                    end
                end
                continue
        end
        set -l c (${fn}_child "$p" $w)
        if test -n "$c"
            set p $c
            set pos
        else
            set -a pos $w
        end
    end
    if test "$argv[1]" = --all
        printf 'path\\t%s\\n' $p
        for x in $pos
            printf 'pos\\t%s\\n' $x
        end
        for x in $gflags
            printf 'flag\\t%s\\n' $x
        end
    else
        echo $p
    end
end
# fish asks every rule's condition on each TAB: the path is worked out once per command line
function ${fn}_at
    set -l line (string join \\n -- (commandline -opc))
    if not set -q ${fn}_line; or test "$${fn}_line" != "$line"
        set -g ${fn}_line $line
        set -g ${fn}_cached (${fn}_path)
    end
    test "$${fn}_cached" = "$argv[1]"
end
# names for the argument being typed, from \`${prog} __complete\`
function ${fn}_dynamic
    string match -q -- '-*' (commandline -ct); and return
    set -l p ""
    set -l pos
    set -l gflags
    for l in (${fn}_path --all)
        set -l kv (string split -m1 \\t -- $l)
        switch $kv[1]
            case path
                set p $kv[2]
            case pos
                set -a pos $kv[2]
            case flag
                set -a gflags $kv[2]
        end
    end
    set -l kind (${fn}_argkind "$p|"(count $pos))
    test -n "$kind"; or return
    ${prog} $gflags __complete $kind $pos[1] 2>/dev/null
end
# names of a kind (a flag's value), asked with the global flags typed
function ${fn}_ask
    set -l gflags
    for l in (${fn}_path --all)
        set -l kv (string split -m1 \t -- $l)
        test "$kv[1]" = flag; and set -a gflags $kv[2]
    end
    ${prog} $gflags __complete $argv 2>/dev/null
end
# an alias when no name fits what is typed (\`${prog} obs<TAB>\`: consumer's alias obs)
function ${fn}_aliases
    set -l cur (commandline -ct)
    test -n "$cur"; or return
    set -l p (${fn}_path)
    for n in (${fn}_names "$p")
        string match -q -- "$cur*" $n; and return
    end
    ${fn}_alias_words "$p"
end
complete -c ${prog} -f
complete -c ${prog} -a '(${fn}_dynamic)'
complete -c ${prog} -a '(${fn}_aliases)'
${lines.join("\n")}
`;
}

/** PowerShell: one native argument completer holding the tables (a profile may load it in any scope). */
function powershell(prog: string, root: CompletionNode): string {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const list = (xs: string[]) => `@(${xs.map(q).join(", ")})`;
  const nodes = all(root);
  const table = (name: string, entries: [string, string][]) =>
    `  $${name} = [System.Collections.Generic.Dictionary[string,object]]::new([System.StringComparer]::Ordinal)\n${entries.map(([k, v]) => `  $${name}[${q(k)}] = ${v}`).join("\n")}`;
  const child = nodes.flatMap((n) => n.children.flatMap((c) => [c.name, ...c.aliases].map((w): [string, string] => [`${n.path}|${w}`, q(c.path)])));
  const subs = nodes.filter((n) => n.children.length).map((n): [string, string] => [n.path, list(n.children.map((c) => c.name))]);
  const aliases = nodes.filter((n) => n.children.some((c) => c.aliases.length)).map((n): [string, string] => [n.path, list(n.children.flatMap((c) => c.aliases))]);
  const flags = nodes.filter((n) => n.flags.length).map((n): [string, string] => [n.path, list(flagWords(n))]);
  const vflags = nodes.filter((n) => valueWords(n).length).map((n): [string, string] => [n.path, list(valueWords(n))]);
  const kinds = nodes.flatMap((n) => n.args.flatMap((k, i): [string, string][] => (k ? [[`${n.path}|${i}`, q(k)]] : [])));
  const flagKinds = flagKindArms(nodes).flatMap(([words, k]) => words.map((w): [string, string] => [w.replace(/^\*/, ""), q(k)]));
  return `${HEADER("powershell", prog)}
# Install: ${prog} completion powershell | Out-String | Invoke-Expression   (add that line to your $PROFILE)
Register-ArgumentCompleter -Native -CommandName ${q(prog)} -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
${table("child", child)}
${table("subs", subs)}
${table("aliases", aliases)}
${table("flags", flags)}
${table("valueFlags", vflags)}
${table("argKinds", kinds)}
${table("flagKinds", flagKinds)}
  $fileFlags = ${list(FILE_FLAGS)}
  $get = { param($t, $k) if ($t.ContainsKey($k)) { @($t[$k]) } else { @() } }
  # the words before the one being completed (which ends at the cursor), quotes removed
  $words = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition } | ForEach-Object {
    if ($_ -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $_.Value } else { $_.Extent.Text }
  })
  $path = ''
  $pos = @()
  $gflags = @()
  $globals = @(& $get $valueFlags '')''
  $skip = $false
  for ($i = 1; $i -lt $words.Count; $i++) {
    $w = $words[$i]
    if ($skip) { $skip = $false; continue }
    if ($w -like '--*=*') { if ($globals -ccontains $w.Split('=')[0]) { $gflags += $w }; continue }
    if ($w.StartsWith('-')) {
      if ((@(& $get $valueFlags $path) + $globals) -ccontains $w) {
        $skip = $true
        if ($globals -ccontains $w -and $i + 1 -lt $words.Count) { $gflags += @($w, $words[$i + 1]) }
      }
      continue
    }
    $k = "$path|$w"
    if ($child.ContainsKey($k)) { $path = $child[$k]; $pos = @() } else { $pos += $w }
  }
  $prev = if ($words.Count -gt 1 -and $skip) { $words[$words.Count - 1] } else { '' }
  $kind = ''
  $candidates = @()
  if ($prev -ne '') {
    if ($fileFlags -ccontains $prev) { return }
    if ($flagKinds.ContainsKey("$path|$prev")) { $kind = $flagKinds["$path|$prev"] }
    elseif ($flagKinds.ContainsKey("|$prev")) { $kind = $flagKinds["|$prev"] }
    else { return }
    $pos = @()
  } elseif ($wordToComplete.StartsWith('-')) {
    $candidates = @(& $get $flags $path)
    if ($path -ne '') { $candidates += @(& $get $flags '') }
  } else {
    $k = "$path|$($pos.Count)"
    if ($argKinds.ContainsKey($k)) { $kind = $argKinds[$k] }
  }
  if ($kind -ne '') {
    $a = @($gflags) + @('__complete', $kind)
    if ($pos.Count -gt 0) { $a += $pos[0] }
    $candidates = @(& ${q(prog)} @a 2>$null)
  } elseif (-not $wordToComplete.StartsWith('-')) {
    $candidates = @(& $get $subs $path)
    if ($wordToComplete -ne '' -and -not ($candidates | Where-Object { $_.StartsWith($wordToComplete, [System.StringComparison]::Ordinal) })) {
      $candidates = @(& $get $aliases $path)
    }
  }
  $candidates | Where-Object { $_ -and $_.StartsWith($wordToComplete, [System.StringComparison]::Ordinal) } | ForEach-Object {
    $text = if ($_ -match '[\\s''"\`$]') { "'" + ($_ -replace "'", "''") + "'" } else { $_ }
    [System.Management.Automation.CompletionResult]::new($text, $_, 'ParameterValue', $_)
  }
}
`;
}

/** Renders the completion script for a shell from a command tree, for the given program name. */
export function generateCompletion(shell: Shell, root: CompletionNode, prog = "nats"): string {
  if (!/^[A-Za-z0-9_-]+$/.test(prog)) throw usageError(`invalid program name "${prog}"`);
  switch (shell) {
    case "bash": return bash(prog, root);
    case "zsh": return zsh(prog, root);
    case "fish": return fish(prog, root);
    case "powershell": return powershell(prog, root);
  }
}

/** `nats completion bash|zsh|fish|powershell`: prints a completion script built from the whole command tree. */
export function createCommand(deps: Deps, program: ProgramContext): Command {
  return new Command("completion")
    .description("Print a shell completion script (bash, zsh, fish or powershell)")
    .argument("<shell>", "bash, zsh, fish or powershell")
    .option("--program <name>", "Program name to complete (nats or natsx)", "nats")
    .addHelpText("after", "\nExamples:\n  source <(nats completion bash)\n  nats completion zsh > \"${fpath[1]}/_nats\"\n  nats completion fish > ~/.config/fish/completions/nats.fish\n  nats completion powershell | Out-String | Invoke-Expression\n")
    .action(async (shell: string, opts: { program: string }) => {
      if (!SHELLS.includes(shell as Shell)) throw usageError(`unsupported shell "${shell}"`, "use bash, zsh, fish or powershell");
      deps.io.out.write(generateCompletion(shell as Shell, completionTree(await program.fullTree()), opts.program));
    });
}
