// The checks of deploy/ that need parsing, run by deploy/check.sh (node deploy/check.mjs from the
// repository root, after npm install). Prints "ok", "skip" or "FAIL" lines; exits 1 on any FAIL.
// - every command the units, compose.yaml and the Dockerfile run is an npm script of package.json,
//   and the script it names exists;
// - the runtime stage of the Dockerfile copies every folder the scripts import, and every package
//   they import is a dependency (the image prunes devDependencies);
// - .env.production.example and compose.yaml name only variables lib/env.ts reads, and set every
//   variable production mode requires;
// - the README's "Going to production" names only npm scripts, CLI commands and deploy/ files
//   that exist.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.cwd();
const read = (file) => readFileSync(path.join(root, file), 'utf8');
let failures = 0;
const say = (line) => process.stdout.write(`${line}\n`);
const ok = (message) => say(`ok    ${message}`);
const skip = (message) => say(`skip  ${message}`);
const fail = (message) => {
  failures += 1;
  say(`FAIL  ${message}`);
};
const requireFrom = (dir) => createRequire(path.join(root, dir, 'noop.js'));
function optional(name, ...dirs) {
  for (const dir of dirs) {
    try {
      return requireFrom(dir)(name);
    } catch {
      // try the next place
    }
  }
  return null;
}

const pkg = JSON.parse(read('package.json'));
const npmScripts = pkg.scripts ?? {};

// --- 1. The commands --------------------------------------------------------------------------
/** [where, argv] of every process the deployment files start. */
const commands = [];
for (const unit of readdirSync(path.join(root, 'deploy/systemd')).filter((f) => f.endsWith('.service'))) {
  for (const line of read(`deploy/systemd/${unit}`).split('\n')) {
    const match = /^ExecStart=(.+)$/.exec(line.trim());
    if (match)
      commands.push([
        `deploy/systemd/${unit}`,
        match[1]
          .trim()
          .replace(/^[-@:+!]+/, '')
          .split(/\s+/),
      ]);
  }
}

const composeText = read('deploy/compose.yaml');
const yaml = optional('js-yaml', '.');
let compose = null;
if (yaml) {
  try {
    compose = yaml.load(composeText);
    ok('deploy/compose.yaml parses as YAML');
  } catch (error) {
    fail(`deploy/compose.yaml is not valid YAML: ${error.message.split('\n')[0]}`);
  }
} else {
  skip('js-yaml is not installed (npm install): deploy/compose.yaml not parsed, its commands read line by line');
}
if (compose) {
  for (const [name, service] of Object.entries(compose.services ?? {})) {
    if (service.command)
      commands.push([
        `deploy/compose.yaml service ${name}`,
        Array.isArray(service.command) ? service.command : String(service.command).split(/\s+/),
      ]);
  }
  for (const name of ['db', 'portal', 'worker'])
    if (!compose.services?.[name]) fail(`deploy/compose.yaml has no service ${name}`);
  for (const name of ['portal', 'worker']) {
    const service = compose.services?.[name] ?? {};
    if (service.stop_grace_period !== '40s') fail(`deploy/compose.yaml: ${name} needs stop_grace_period: 40s`);
    if (service.restart !== 'unless-stopped') fail(`deploy/compose.yaml: ${name} needs restart: unless-stopped`);
    if (service.depends_on?.db?.condition !== 'service_healthy')
      fail(`deploy/compose.yaml: ${name} must wait for a healthy db`);
  }
  if (!(compose.services?.portal?.ports ?? []).includes('127.0.0.1:3000:3000'))
    fail('deploy/compose.yaml: the portal must publish 127.0.0.1:3000:3000 only');
} else {
  for (const match of composeText.matchAll(/^\s*command:\s*(\[.*\])\s*$/gm))
    commands.push(['deploy/compose.yaml', JSON.parse(match[1])]);
}

const dockerfile = read('deploy/Dockerfile');
const cmds = [...dockerfile.matchAll(/^CMD\s+(\[.*\])\s*$/gm)];
if (cmds.length) commands.push(['deploy/Dockerfile CMD', JSON.parse(cmds.at(-1)[1])]);
else fail('deploy/Dockerfile has no exec-form CMD');

const started = new Set();
for (const [where, argv] of commands) {
  const program = path.basename(argv[0] ?? '');
  if (program === 'node') {
    const line = ['node', ...argv.slice(1)].join(' ');
    const script = argv.find((arg) => /\.(ts|mjs|cjs|js)$/.test(arg));
    const npm = Object.entries(npmScripts).find(([, value]) => value === line)?.[0];
    if (!script || !existsSync(path.join(root, script)))
      fail(`${where}: ${line}: the script ${script ?? '(none)'} does not exist`);
    else if (!npm) fail(`${where}: "${line}" is no npm script of package.json (it must match one exactly)`);
    else {
      started.add(script);
      ok(`${where}: ${line} = npm run ${npm}, ${script} exists`);
    }
  } else {
    const file = argv[0].replace(/^\/opt\/derbes\//, '');
    if (!existsSync(path.join(root, file))) fail(`${where}: ${argv[0]} does not exist in the repository (as ${file})`);
    else if (!(statSync(path.join(root, file)).mode & 0o111))
      fail(`${where}: ${file} is not executable (chmod +x, and commit the mode)`);
    else ok(`${where}: ${argv[0]} exists in the repository and is executable`);
  }
}
// deploy/cli.sh is `npm run derbes --` with the units' configuration file.
const cliLine = /^exec node --env-file=\S+ (.+) "\$@"$/m.exec(read('deploy/cli.sh'))?.[1];
if (cliLine && `node ${cliLine}` === npmScripts.derbes)
  ok(`deploy/cli.sh: node ${cliLine} = npm run derbes, with --env-file`);
else fail(`deploy/cli.sh does not run what npm run derbes runs (${npmScripts.derbes})`);

for (const script of ['scripts/start.ts', 'scripts/worker.ts']) {
  if (!started.has(script)) fail(`nothing in deploy/ starts ${script}`);
}

// --- 2. The runtime image has what the scripts import ------------------------------------------
const copied = new Set();
const runtime = dockerfile.slice(dockerfile.search(/^FROM\s+\S+\s+AS\s+runtime\s*$/im));
for (const match of runtime.matchAll(/^COPY\s+--from=build\s+(.+)$/gm)) {
  const parts = match[1].trim().split(/\s+/);
  for (const source of parts.slice(0, -1)) {
    const relative = source.replace(/^\/app\//, '');
    copied.add(relative);
    const built = relative.startsWith('.next/') || relative === 'node_modules';
    if (!built && !existsSync(path.join(root, relative)))
      fail(`deploy/Dockerfile copies ${relative}, which the repository does not have`);
  }
}
// esbuild comes with tsx, a dependency: it reads the scripts' imports and compiles lib/env.ts.
const esbuild = optional('esbuild', '.', 'node_modules/tsx');
if (!esbuild) {
  fail("esbuild is not installed (npm install first): the scripts' imports and lib/env.ts were not read");
  process.exit(1);
}
{
  const entries = ['scripts/start.ts', 'scripts/worker.ts', 'scripts/cli.ts'];
  const result = await esbuild.build({
    entryPoints: entries,
    bundle: true,
    write: false,
    outdir: path.join(root, '.check-out-unused'),
    platform: 'node',
    format: 'esm',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  const topLevel = new Set(Object.keys(result.metafile.inputs).map((file) => file.split('/')[0]));
  const missing = [...topLevel].filter((entry) => !copied.has(entry));
  if (missing.length)
    fail(`deploy/Dockerfile's runtime stage lacks ${missing.join(', ')}, which ${entries.join(', ')} import`);
  else
    ok(
      `the runtime image has everything ${entries.join(', ')} import (${[...topLevel].sort().join(', ')}), and tsconfig.json for the @/ paths`,
    );
  if (!copied.has('tsconfig.json'))
    fail("deploy/Dockerfile's runtime stage lacks tsconfig.json (tsx needs it for the @/ paths)");
  if (!existsSync(path.join(root, 'db/migrations')) || !copied.has('db')) fail('the runtime image lacks db/migrations');

  const external = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports)
      if (imported.external && !imported.path.startsWith('node:')) external.add(imported.path);
  }
  const packageOf = (specifier) =>
    specifier
      .split('/')
      .slice(0, specifier.startsWith('@') ? 2 : 1)
      .join('/');
  const notDependencies = [...new Set([...external].map(packageOf))].filter(
    (name) => !(name in (pkg.dependencies ?? {})),
  );
  if (!(pkg.dependencies ?? {}).tsx) notDependencies.push('tsx');
  if (notDependencies.length)
    fail(
      `the scripts import ${notDependencies.join(', ')}, not in "dependencies": npm prune --omit=dev removes them from the image`,
    );
  else ok(`every package the scripts import (and tsx) is a production dependency`);
}

// --- 3. Variables --------------------------------------------------------------------------------
const scratch = mkdtempSync(path.join(tmpdir(), 'derbes-check-'));
let variables;
let parseEnv;
try {
  const compiled = await esbuild.build({
    entryPoints: [path.join(root, 'lib/env.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  writeFileSync(path.join(scratch, 'env.mjs'), compiled.outputFiles[0].contents);
  ({ variables, parseEnv } = await import(pathToFileURL(path.join(scratch, 'env.mjs')).href));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const known = new Set(Object.keys(variables));
const composeOnly = new Set(['POSTGRES_PASSWORD', 'DERBES_DB_PASSWORD', 'DERBES_APP_DB_PASSWORD']);
let required = [];
try {
  parseEnv({ DERBES_MODE: 'production' });
  fail('lib/env.ts accepted production mode with no settings at all');
} catch (error) {
  required = /production mode needs ([A-Z_, ]+)/.exec(error.message)?.[1]?.trim().split(/,\s*/) ?? [];
}
if (!required.length) fail('could not read from lib/env.ts which variables production mode requires');
const example = read('deploy/.env.production.example');
const set = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
const mentioned = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
const unknown = [...mentioned].filter((name) => !known.has(name) && !composeOnly.has(name));
if (unknown.length) fail(`deploy/.env.production.example names ${unknown.join(', ')}, which lib/env.ts does not read`);
const unset = [...required, 'DERBES_MODE'].filter((name) => !set.has(name));
if (unset.length) fail(`deploy/.env.production.example does not set ${unset.join(', ')}`);
if (!/^DERBES_MODE=production$/m.test(example)) fail('deploy/.env.production.example must set DERBES_MODE=production');
if (!unknown.length && !unset.length)
  ok(`deploy/.env.production.example sets ${required.join(', ')} and names only variables lib/env.ts reads`);
if (compose) {
  const environment = {
    ...(compose.services?.portal?.environment ?? {}),
    ...(compose.services?.worker?.environment ?? {}),
  };
  const strange = Object.keys(environment).filter((name) => !known.has(name) && !composeOnly.has(name));
  if (strange.length)
    fail(`deploy/compose.yaml sets ${strange.join(', ')} for the portal, which lib/env.ts does not read`);
  else ok('deploy/compose.yaml gives the portal and the worker only variables lib/env.ts reads');
}

// --- 4. The README's production section ---------------------------------------------------------
const readme = read('README.md');
const start = readme.indexOf('## Going to production');
if (start < 0) {
  fail('README.md has no "## Going to production" section');
} else {
  const section = readme.slice(start);
  const scriptsNamed = new Set([...section.matchAll(/npm run ([a-z][\w:-]*)/g)].map((m) => m[1]));
  const absent = [...scriptsNamed].filter((name) => !(name in npmScripts));
  if (absent.length) fail(`README "Going to production" names npm scripts that do not exist: ${absent.join(', ')}`);
  else ok(`README "Going to production": npm scripts exist (${[...scriptsNamed].join(', ')})`);

  // The commands scripts/cli.ts declares: the first word of each `usage`.
  const cliCommands = new Set([...read('scripts/cli.ts').matchAll(/^\s+usage: '([a-z][\w-]*)/gm)].map((m) => m[1]));
  if (!cliCommands.size) fail("found no command in scripts/cli.ts (usage: '...')");
  else {
    const named = new Set(
      [...section.matchAll(/(?:npm run derbes --|deploy\/cli\.sh) ([a-z][\w-]*)/g)].map((m) => m[1]),
    );
    const unknownCommands = [...named].filter((name) => !cliCommands.has(name));
    if (unknownCommands.length)
      fail(`README "Going to production" names CLI commands that do not exist: ${unknownCommands.join(', ')}`);
    else ok(`README "Going to production": CLI commands exist (${[...named].join(', ')})`);
  }

  // deploy/ paths, but not globs (deploy/systemd/derbes-*) nor the file people create (deploy/.env).
  const files = new Set([...section.matchAll(/\bdeploy\/[\w./-]*\w(?![\w*-])/g)].map((m) => m[0]));
  const absentFiles = [...files].filter((file) => !existsSync(path.join(root, file)) && file !== 'deploy/.env');
  if (absentFiles.length) fail(`README "Going to production" names files that do not exist: ${absentFiles.join(', ')}`);
  else ok(`README "Going to production": the deploy/ files it names exist (${files.size})`);
}

// --- 5. nginx example: balanced braces, the settings the portal relies on ------------------------
const nginx = read('deploy/nginx.conf.example').replace(/#.*$/gm, '');
let depth = 0;
let balanced = true;
for (const char of nginx) {
  if (char === '{') depth += 1;
  if (char === '}') depth -= 1;
  if (depth < 0) balanced = false;
}
const needed = [
  'client_max_body_size 52m',
  'proxy_pass http://derbes_portal',
  'server 127.0.0.1:3000',
  'X-Request-Id $request_id',
  'X-Forwarded-Proto $scheme',
  'Strict-Transport-Security',
];
const lacking = needed.filter((text) => !nginx.includes(text));
if (!balanced || depth !== 0) fail('deploy/nginx.conf.example: unbalanced braces');
else if (lacking.length) fail(`deploy/nginx.conf.example lacks ${lacking.join(', ')}`);
else ok('deploy/nginx.conf.example: braces balance, body limit 52m, request id, HSTS, proxied to 127.0.0.1:3000');

process.exit(failures ? 1 : 0);
