// "Bad layering": every file belongs to the process folder it sits in, and may import only what that process can
// load (see ../shared/STYLE.md). Like VS Code's layering rule, it reads folder names, not configuration; like Signal
// Desktop's, it sorts every npm package by runtime (./package-runtimes.mjs) and refuses one in no list.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_RUNTIMES } from './package-runtimes.mjs';

/** The repo root is where this file sits, not where ESLint was started: linting from a sub-folder checks the same. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const FOLDERS = ['shared', 'main', 'preload', 'renderer', 'server', 'e2e', 'scripts', 'eslint-rules'];
const RUNTIMES = Object.keys(PACKAGE_RUNTIMES);
const RUNTIME_NAMES = { node: 'Node', dom: 'browser (DOM)', neutral: 'runtime-neutral', electron: 'Electron', test: 'test-only' };

const RUNTIME_OF = new Map();
for (const [runtime, names] of Object.entries(PACKAGE_RUNTIMES)) {
  for (const name of names) {
    if (RUNTIME_OF.has(name)) throw new Error(`package-runtimes.mjs lists ${name} twice (${RUNTIME_OF.get(name)} and ${runtime})`);
    RUNTIME_OF.set(name, runtime);
  }
}

/** Tooling drives every process and loads built bundles by path, so it alone may compute an import path. */
const TOOLING = { folders: FOLDERS, node: true, runtimes: RUNTIMES, computedPaths: true };
/**
 * What each folder's process may load: repo folders, Node built-ins, and packages by runtime. `packages`, where
 * set, narrows further to the packages named. Unit tests (`*.test.ts[x]`) keep their folder's rules and may also
 * use the test-only packages.
 */
const FOLDER_RULES = {
  shared: { folders: ['shared'], node: false, runtimes: ['neutral'], packages: ['zod'] },
  main: { folders: ['shared', 'main'], node: true, runtimes: ['node', 'neutral', 'electron'] },
  preload: { folders: ['shared', 'preload'], node: false, runtimes: ['electron'], electronExports: ['contextBridge', 'ipcRenderer', 'IpcRendererEvent'] },
  renderer: { folders: ['shared', 'renderer'], node: false, runtimes: ['dom', 'neutral'] },
  server: { folders: ['shared', 'server'], node: true, runtimes: ['node', 'neutral'] },
  e2e: TOOLING,
  scripts: TOOLING,
  'eslint-rules': { folders: ['eslint-rules'], node: true, runtimes: ['node', 'neutral'] },
  /** Configuration files at the top level (vitest, playwright, eslint) run in Node as tooling. */
  '(root)': TOOLING,
};

function folderOf(file) {
  const relative = path.relative(REPO_ROOT, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const parts = relative.split(path.sep);
  if (FOLDERS.includes(parts[0])) return parts[0];
  return parts.length === 1 ? '(root)' : null;
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const label = (folder) => (folder === '(root)' ? 'a top-level config file' : `${folder}/`);
const TEST_FILE = /\.test\.tsx?$/;
/** Build configuration beside a folder runs in Node at build time, not in that folder's process. */
const BUILD_CONFIG = /(^|[/\\])vite\.config\.ts$/;

/**
 * Checks one import. `specifier` is the path as written; `computed` marks a path only partly known (a template
 * literal with expressions, or no literal at all): then `specifier` is its fixed start, possibly empty.
 */
function checkImport({ file, specifier, computed = false }) {
  const folder = folderOf(file);
  if (!folder) return null;
  const from = BUILD_CONFIG.test(file) ? 'scripts' : folder;
  const rules = FOLDER_RULES[from];
  const isTest = TEST_FILE.test(file);
  const unchecked = rules.computedPaths ? null : `Bad layering: ${label(from)} imports a computed path${specifier ? ` starting "${specifier}"` : ''}, which cannot be checked; import a fixed path.`;

  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    // A computed relative path is judged by the folder its fixed start already reaches, then refused as unknowable.
    const fixed = computed ? specifier.slice(0, specifier.lastIndexOf('/') + 1) || '.' : specifier;
    const target = folderOf(path.resolve(path.dirname(file), fixed));
    if (target && target !== '(root)' && !rules.folders.includes(target)) {
      return `Bad layering: ${label(from)} may not import from ${target}/ (allowed: ${rules.folders.join(', ')}).`;
    }
    return computed ? unchecked : null;
  }
  const name = packageName(specifier);
  // `node:${x}`, or a bare start that has not yet named a whole package: nothing can be said about it.
  if (computed && !(specifier.startsWith('node:') || specifier.includes('/', name.length))) return unchecked;
  if (NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(name) || specifier.startsWith('node:')) {
    const shown = specifier === 'node:' ? 'node:…' : specifier;
    if (!rules.node) return `Bad layering: ${label(from)} runs where Node is not available and may not import "${shown}".`;
    return computed ? unchecked : null;
  }
  const runtime = RUNTIME_OF.get(name);
  if (!runtime) {
    return `Uncategorized dependency "${name}": add it to the node, dom, neutral, electron or test list in eslint-rules/package-runtimes.mjs, so the boundaries know where it may run.`;
  }
  const allowed = isTest ? [...rules.runtimes, 'test'] : rules.runtimes;
  if (!allowed.includes(runtime)) {
    if (runtime === 'electron') return `Bad layering: ${label(from)} may not import electron; go through the bridge in shared/bridge.ts.`;
    if (runtime === 'test') return `Bad layering: "${name}" is for unit tests (*.test.ts) only.`;
    const may = allowed.map((r) => RUNTIME_NAMES[r]);
    const list = may.length > 1 ? `${may.slice(0, -1).join(', ')} and ${may.at(-1)}` : may[0];
    return `Bad layering: ${label(from)} may not import "${name}", a ${RUNTIME_NAMES[runtime]} package (${label(from)} may use ${list} packages).`;
  }
  if (rules.packages && runtime !== 'test' && !rules.packages.includes(name)) {
    return `Bad layering: ${label(from)} may import only ${rules.packages.join(', ')}, not "${name}".`;
  }
  return computed ? unchecked : null;
}

/** The fixed part of an import path: a string literal whole, a template literal up to its first expression. */
function specifierOf(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return { specifier: node.value, computed: false };
  if (node?.type === 'TemplateLiteral') {
    return { specifier: node.quasis[0]?.value.cooked ?? '', computed: node.expressions.length > 0 };
  }
  return { specifier: '', computed: true };
}

const REFERENCE = /^\/\s*<reference\s+(types|path)\s*=\s*["']([^"']+)["']/;

export default {
  meta: { type: 'problem', docs: { description: 'Enforce the process boundaries between folders' }, schema: [] },
  create(context) {
    const file = context.filename;
    const report = (node, source) => {
      const { specifier, computed } = specifierOf(source);
      const message = checkImport({ file, specifier, computed });
      if (message) context.report({ node: source ?? node, message });
    };
    const preloadElectron = (node) => {
      const allowed = FOLDER_RULES.preload.electronExports;
      if (folderOf(file) !== 'preload' || node.source.value !== 'electron') return;
      for (const specifier of node.specifiers) {
        const imported = specifier.type === 'ImportSpecifier' ? (specifier.imported.name ?? specifier.imported.value) : null;
        if (!allowed.includes(imported)) {
          context.report({ node: specifier, message: `Bad layering: the preload may take only ${allowed.join(', ')} from electron.` });
        }
      }
    };
    return {
      Program() {
        // Triple-slash references pull in types (`/// <reference types="node" />` would give the renderer Node's).
        for (const comment of context.sourceCode.getAllComments()) {
          const match = comment.type === 'Line' ? REFERENCE.exec(comment.value) : null;
          if (!match) continue;
          // types="node" is Node itself; a path reference is relative to the file even without "./".
          const specifier = match[1] === 'types' ? (match[2] === 'node' ? 'node:' : match[2]) : match[2].startsWith('.') ? match[2] : `./${match[2]}`;
          const message = checkImport({ file, specifier });
          if (message) context.report({ loc: comment.loc, message });
        }
      },
      ImportDeclaration(node) {
        report(node, node.source);
        preloadElectron(node);
      },
      ExportNamedDeclaration: (node) => node.source && report(node, node.source),
      ExportAllDeclaration: (node) => report(node, node.source),
      ImportExpression: (node) => report(node, node.source),
      // import x = require('…')
      TSImportEqualsDeclaration(node) {
        if (node.moduleReference.type === 'TSExternalModuleReference') report(node, node.moduleReference.expression);
      },
      // typeof import('…'), import('…').Type
      TSImportType: (node) => report(node, node.source ?? node.argument?.literal),
      CallExpression(node) {
        const callee = node.callee;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const isResolve = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'require' && callee.property.name === 'resolve';
        if (isRequire || isResolve) report(node, node.arguments[0]);
      },
    };
  },
};
