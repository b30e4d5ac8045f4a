#!/usr/bin/env node
// Syntax-checks Terraform without Terraform: parses every *.tf file under <dir> with
// @cdktf/hcl2json (HashiCorp's HCL parser compiled to WebAssembly) and writes the JSON form to
// <outdir>/<path relative to dir>.json, for tests that assert on the parsed configuration.
//
//   node tools/node/hcl2json.mjs <dir> <outdir>
//
// Exit 0: every file parsed (one summary line on stdout). Exit 1: a syntax error, printed as
// "<file>: <parser message>" on stderr (every bad file is reported, not only the first).
// Exit 2: usage error or unreadable directory.
import { parse } from "@cdktf/hcl2json";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const SKIPPED_DIRS = new Set([".terraform", "node_modules", ".git"]);

async function terraformFiles(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) found.push(...(await terraformFiles(full)));
    } else if (entry.isFile() && entry.name.endsWith(".tf")) {
      found.push(full);
    }
  }
  return found.sort();
}

function parserMessage(error) {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, " ").trim();
}

async function main(argv) {
  if (argv.length !== 2) {
    console.error("usage: node hcl2json.mjs <terraform-dir> <output-dir>");
    return 2;
  }
  const [sourceDir, outDir] = argv.map((p) => path.resolve(p));
  let files;
  try {
    files = await terraformFiles(sourceDir);
  } catch (error) {
    console.error(`hcl2json: cannot read ${sourceDir}: ${parserMessage(error)}`);
    return 2;
  }
  const failures = [];
  for (const file of files) {
    const relative = path.relative(sourceDir, file);
    try {
      const json = await parse(relative, await readFile(file, "utf8"));
      const target = path.join(outDir, `${relative}.json`);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, `${JSON.stringify(json, null, 2)}\n`);
    } catch (error) {
      failures.push(`${relative}: ${parserMessage(error)}`);
    }
  }
  if (failures.length > 0) {
    for (const failure of failures) console.error(failure);
    console.error(`hcl2json: ${failures.length} of ${files.length} .tf files failed to parse under ${sourceDir}`);
    return 1;
  }
  console.log(`hcl2json: parsed ${files.length} .tf files under ${sourceDir} into ${outDir}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
