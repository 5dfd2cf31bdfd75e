// "Bad layering": every file belongs to the process folder it sits in, and may import only what that process can
// load (see ../shared/STYLE.md). Like VS Code's layering rule, it reads folder names, not configuration.
import { builtinModules } from 'node:module';
import path from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const FOLDERS = ['shared', 'main', 'preload', 'renderer', 'server', 'e2e', 'scripts', 'eslint-rules'];

/** Which repo folders each folder may import from. */
const MAY_IMPORT_FOLDERS = {
  shared: ['shared'],
  main: ['shared', 'main'],
  preload: ['shared', 'preload'],
  renderer: ['shared', 'renderer'],
  server: ['shared', 'server'],
  e2e: FOLDERS,
  scripts: FOLDERS,
  'eslint-rules': ['eslint-rules'],
};

/** Bare package rules: `true` allows any package except electron and Node built-ins. */
const PACKAGES = {
  shared: { node: false, electron: false, packages: ['zod'] },
  main: { node: true, electron: true, packages: true },
  preload: { node: false, electron: true, packages: [] },
  renderer: { node: false, electron: false, packages: true },
  server: { node: true, electron: false, packages: true },
  e2e: { node: true, electron: true, packages: true },
  scripts: { node: true, electron: true, packages: true },
  'eslint-rules': { node: true, electron: false, packages: true },
};

function folderOf(file, root) {
  const relative = path.relative(root, file).split(path.sep);
  return FOLDERS.includes(relative[0]) ? relative[0] : null;
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const TEST_FILE = /\.test\.tsx?$/;
const TEST_PACKAGES = new Set(['vitest', 'fast-check', 'eslint']);
/** Build configuration beside a folder runs in Node at build time, not in that folder's process. */
const BUILD_CONFIG = /(^|\/)vite\.config\.ts$/;

export function checkImport({ file, specifier, root }) {
  const folder = folderOf(file, root);
  if (!folder) return null;
  const from = BUILD_CONFIG.test(file) ? 'scripts' : folder;
  // Unit tests run in Node under Vitest: they may use Node and the test tools, but not cross process folders.
  if (TEST_FILE.test(file) && !specifier.startsWith('.') && (TEST_PACKAGES.has(packageName(specifier)) || NODE_BUILTINS.has(specifier) || specifier.startsWith('node:'))) {
    return null;
  }
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = folderOf(path.resolve(path.dirname(file), specifier), root);
    if (target && !MAY_IMPORT_FOLDERS[from].includes(target)) {
      return `Bad layering: ${from}/ may not import from ${target}/ (allowed: ${MAY_IMPORT_FOLDERS[from].join(', ')}).`;
    }
    return null;
  }
  const rules = PACKAGES[from];
  if (NODE_BUILTINS.has(specifier) || specifier.startsWith('node:')) {
    return rules.node ? null : `Bad layering: ${from}/ runs where Node is not available and may not import "${specifier}".`;
  }
  const name = packageName(specifier);
  if (name === 'electron') {
    return rules.electron ? null : `Bad layering: ${from}/ may not import electron; go through the bridge in shared/bridge.ts.`;
  }
  if (rules.packages === true || rules.packages.includes(name)) return null;
  return `Bad layering: ${from}/ may not import "${name}" (allowed packages: ${rules.packages.join(', ') || 'none'}).`;
}

export default {
  meta: { type: 'problem', docs: { description: 'Enforce the process boundaries between folders' }, schema: [] },
  create(context) {
    const root = context.cwd;
    const report = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      const message = checkImport({ file: context.filename, specifier, root });
      if (message) context.report({ node, message });
    };
    return {
      ImportDeclaration: (node) => report(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && report(node.source, node.source.value),
      ExportAllDeclaration: (node) => report(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && report(node.source, node.source.value),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          report(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};
