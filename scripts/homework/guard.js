"use strict";
// Checks a student cannot subvert from inside the kernel, part 2 (part 1 is
// kernel-restore.js, which puts built-ins and the module back before every cell).
// The graded notebook gets one cell of the grader's, run after the
// instructor's setup cells and before any student code, which keeps the setup
// cells' values (`claim`, the imports, the constants) as they were then, with
// frozen copies of Math, JSON and Reflect, in a global property under a name
// drawn at random for each submission, neither writable nor configurable.
// Every check cell runs in a block with those names bound to them, so a
// student's `function claim() {}`, `__tslab__.exports.claim = …` or a
// `Math.abs` patched by the student's function mid-check changes nothing.
const crypto = require("crypto");
const ts = require("@tslab/typescript-for-tslab");


/** Value names (not types) the cells before the first exercise declare at their top level: imports, consts, functions, classes, enums. */
function setupNames(sources) {
  const names = new Set();
  for (const source of sources) {
    const file = ts.createSourceFile("setup.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const bind = (name) => {
      if (ts.isIdentifier(name)) names.add(name.text);
      else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
    };
    for (const statement of file.statements) {
      if (ts.isImportDeclaration(statement) && statement.importClause && !statement.importClause.isTypeOnly) {
        const clause = statement.importClause;
        if (clause.name) names.add(clause.name.text);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
        if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) if (!el.isTypeOnly) names.add(el.name.text);
      } else if (
        ts.isVariableStatement(statement) &&
        !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword) &&
        statement.declarationList.flags & ts.NodeFlags.Const // a `let` of the setup is there for the student to assign
      ) {
        for (const d of statement.declarationList.declarations) bind(d.name);
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
        names.add(statement.name.text);
      }
    }
  }
  return [...names];
}

/** A fresh global name for one submission: a student cannot shadow what they cannot name. */
function guardName() {
  return `$grader_${crypto.randomBytes(12).toString("hex")}`; // not "__…": TypeScript escapes those names and tslab then misses them
}

/**
 * The grader's cell that runs before any student code: the setup names' values,
 * and frozen copies of Math, JSON and Reflect (a student function called by a
 * check could patch those mid-check), under a global name nobody can replace.
 * @param {string} name from guardName()
 * @param {string[]} names setup names to keep
 */
function guardCell(name, names) {
  const values = names.map((n) => `${JSON.stringify(n)}: ${n}`).join(", ");
  return `// grader: recorded before any student code (not part of the student's notebook)
{
  const copy = (o: any) => Object.freeze(Object.create(Object.getPrototypeOf(o), Object.getOwnPropertyDescriptors(o)));
  const values = { ${values}${values ? ", " : ""}Math: copy(Math), JSON: copy(JSON), Reflect: copy(Reflect) };
  Reflect.defineProperty(globalThis, ${JSON.stringify(name)}, { value: Object.freeze(values), writable: false, configurable: false, enumerable: false });
}
`;
}

/** The error a check cell with parts throws names the parts that failed after this, with the guard's secret name (a student's own error cannot pass for it). */
const partsFailed = (name) => `grader ${name}: parts failed `;

/**
 * A check cell as the kernel runs it: in a block where the setup names it uses
 * are bound to their recorded values. Its import lines go first (they cannot go
 * in a block). With parts (parts.js), each part runs in its own try, and the
 * cell throws at the end, naming the parts that failed with their messages.
 * @param {string} source the instructor's check cell
 * @param {string} name from guardName()
 * @param {string[]} names setup names
 * @param {import("./parts").Parts | null} parts
 */
function guardedCheck(source, name, names, parts = null) {
  const lines = source.split("\n");
  const isImport = (line) => /^\s*import\s/.test(line);
  const body = lines.filter((line) => !isImport(line));
  const used = [...names, "Math", "JSON", "Reflect"].filter((n) => new RegExp(`(^|[^\\w$.])${n.replace(/\$/g, "\\$")}($|[^\\w$])`).test(body.join("\n")));
  const head = [...lines.filter(isImport), `declare const ${name}: any;`, "{", used.length ? `const { ${used.join(", ")} }: any = ${name};` : ""];
  if (!parts || parts.parts.length <= 1) return [...head, ...body, "}"].join("\n");
  const slice = (from, to) => lines.slice(from, to).filter((line) => !isImport(line));
  const failed = `${name.replace("$grader_", "$failed_")}`;
  const out = [...head, ...slice(...parts.preamble), `const ${failed}: [number, string][] = [];`];
  parts.parts.forEach((part, k) => {
    out.push("try {", ...slice(part.begin, part.end), `} catch (err: any) { ${failed}.push([${k + 1}, String(err && err.message)]); }`);
  });
  out.push(`if (${failed}.length > 0) throw new Error(${JSON.stringify(partsFailed(name))} + ${name}.JSON.stringify(${failed}));`, "}");
  return out.join("\n");
}

module.exports = { guardCell, guardedCheck, guardName, setupNames, partsFailed };
