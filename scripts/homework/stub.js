"use strict";
// The student's side of a marked cell: solution regions become a stub that
// throws "not implemented yet", hidden tests disappear. The stub must keep the
// cell compiling under tslab, because tslab drops every declaration of a cell
// that fails, and later cells would then fail with "Cannot find name" instead
// of saying what is missing:
//  - a region inside a function body becomes `throw new Error(...)`, so the
//    signature around it stays;
//  - a region at the top level keeps its function signatures (each body
//    becomes the throw) and its types; other declarations become `declare`s
//    so the code after them still compiles, then the cell throws.
const ts = require("@tslab/typescript-for-tslab"); // the TypeScript the kernel compiles cells with

const ANSWER_PLACEHOLDER = "YOUR ANSWER HERE";

/** The throw statement of a stub: the grade_id says which exercise is missing. */
function throwLine(gradeId) {
  return `throw new Error(${JSON.stringify(`not implemented yet: ${gradeId}`)});`;
}

/**
 * The released source of a code solution cell.
 * @param {string} source the instructor's source
 * @param {{ begin: number, end: number, indent: string }[]} regions SOLUTION regions (markers.js); none ⇒ the whole cell
 * @param {string} gradeId
 * @param {string | null} [later] the code of the notebook's later cells; when given, a top-level region's
 *   variables are declared only if code after the region uses them (the others would only name the solution's helpers)
 * @returns {{ source: string, warnings: string[] }}
 */
function stubCode(source, regions, gradeId, later = null) {
  const lines = source.split("\n");
  const warnings = [];
  const parsed = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const spans = regions.length > 0 ? regions : [{ begin: -1, end: lines.length, indent: "" }];
  // Last region first, so earlier line numbers stay valid.
  for (const { begin, end, indent } of [...spans].sort((a, b) => b.begin - a.begin)) {
    const inner = lines.slice(begin + 1, end).join("\n");
    const offset = lines.slice(0, Math.max(begin, 0)).reduce((n, line) => n + line.length + 1, 0);
    const nested = begin >= 0 && isInsideStatement(parsed, offset);
    let replacement;
    if (nested) {
      replacement = [`${indent}// YOUR CODE HERE`, `${indent}${throwLine(gradeId)}`];
      const after = lines.slice(end + 1).join("\n");
      for (const name of declaredNames(inner)) {
        if (new RegExp(`(^|[^\\w$])${escapeRegExp(name)}($|[^\\w$])`).test(after)) {
          warnings.push(`"${name}" is declared inside the solution region and used after END SOLUTION: the student's cell may not compile; move END SOLUTION below its last use`);
        }
      }
    } else {
      const after = later === null ? null : `${lines.slice(end + 1).join("\n")}\n${later}`;
      replacement = topLevelStub(inner, indent, gradeId, warnings, after);
    }
    lines.splice(Math.max(begin, 0), end - Math.max(begin, 0) + (begin >= 0 ? 1 : 0), ...replacement);
  }
  const released = lines.join("\n");
  const syntax = ts.transpileModule(released, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2020 } }).diagnostics ?? [];
  if (syntax.length > 0) {
    throw new Error(`the stub does not parse: ${ts.flattenDiagnosticMessageText(syntax[0].messageText, " ")}\n--- stub ---\n${released}`);
  }
  return { source: released, warnings };
}

// True when `offset` lies strictly inside a top-level statement (a function
// body, a loop, …) rather than between top-level statements.
function isInsideStatement(sourceFile, offset) {
  return sourceFile.statements.some((statement) => statement.getStart(sourceFile) < offset && offset < statement.end);
}

function topLevelStub(inner, indent, gradeId, warnings, after) {
  const usedAfter = (name) => after === null || new RegExp(`(^|[^\\w$])${escapeRegExp(name)}($|[^\\w$])`).test(after);
  const file = ts.createSourceFile("region.ts", inner, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const text = (node) => inner.slice(node.getStart(file), node.end);
  const out = [`${indent}// YOUR CODE HERE`];
  const declares = [];
  let runsCode = false;
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      const head = inner.slice(statement.getStart(file), statement.body.getStart(file)).trimEnd();
      out.push(`${indent}${head} {`, `${indent}  ${throwLine(gradeId)}`, `${indent}}`);
      if (!statement.type) {
        warnings.push(`function ${statement.name?.text ?? "(anonymous)"} in a solution region has no return type: its stub returns void; annotate it`);
      }
    } else if (ts.isFunctionDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      out.push(indent + text(statement)); // overload signatures and types carry no solution logic
    } else if (ts.isVariableStatement(statement)) {
      const keyword = statement.declarationList.flags & ts.NodeFlags.Const ? "const" : "let";
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) {
          if (!usedAfter(declaration.name.text)) continue;
          declares.push(`${indent}declare ${keyword} ${declaration.name.text}: ${declaration.type ? text(declaration.type) : "any"};`);
        } else {
          for (const name of bindingNames(declaration.name).filter(usedAfter)) declares.push(`${indent}declare ${keyword} ${name}: any;`);
        }
      }
      runsCode = true;
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      if (usedAfter(statement.name.text)) declares.push(`${indent}declare const ${statement.name.text}: any;`);
      runsCode = true;
    } else if (!ts.isEmptyStatement(statement)) {
      runsCode = true;
    }
  }
  out.push(...declares);
  if (runsCode) out.push(`${indent}${throwLine(gradeId)}`);
  return out;
}

/** Names a region declares at its own top level (variables, functions, classes). */
function declaredNames(code) {
  const file = ts.createSourceFile("region.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const names = [];
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) names.push(...bindingNames(d.name));
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.push(statement.name.text);
    }
  }
  return names;
}

function bindingNames(name) {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A tests cell without its hidden tests (marker lines included).
 * @param {string} source
 * @param {{ begin: number, end: number }[]} hidden HIDDEN TESTS regions
 */
function removeHidden(source, hidden) {
  const lines = source.split("\n");
  for (const { begin, end } of [...hidden].sort((a, b) => b.begin - a.begin)) lines.splice(begin, end - begin + 1);
  return lines.join("\n").replace(/\n+$/, "");
}

/** A manually graded markdown answer, for the student: nbgrader's placeholder. */
function stubMarkdown() {
  return ANSWER_PLACEHOLDER;
}

module.exports = { stubCode, removeHidden, stubMarkdown, throwLine };
