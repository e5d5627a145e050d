// @ts-check
/**
 * `metamorph/module-boundaries`: a file under apps/server/src/modules/<a>/ may import another
 * module <b> only through modules/<b>/index.ts; platform/, db/ and kernel/ never import
 * modules/. The registry modules/index.ts is for app.ts and cli/, not for the modules.
 * Import paths are relative (ESM with `.js`), so the rule works on paths alone, no resolver.
 * There are no exceptions: the deep imports that predated the rule have all been moved.
 */
import path from 'node:path';

const SERVER_SRC = `${path.sep}apps${path.sep}server${path.sep}src${path.sep}`;

/** @param {string} file @returns {{ root: string, rel: string } | null} */
function serverPath(file) {
  const at = file.lastIndexOf(SERVER_SRC);
  if (at < 0) return null;
  const root = file.slice(0, at + SERVER_SRC.length);
  return { root, rel: file.slice(root.length).split(path.sep).join('/') };
}

/** @type {import('eslint').Rule.RuleModule} */
export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Modules import other modules through their index.ts only' },
    schema: [],
    messages: {
      deep: "'{{from}}' imports '{{to}}', an internal file of module '{{mod}}': import it from modules/{{mod}}/index.ts (export it there, or move it to platform/)",
      registry:
        "'{{from}}' imports the module registry '{{to}}': a module imports other modules through their own index.ts",
      layer: "'{{from}}' is below the modules and may not import '{{to}}'",
    },
  },
  create(context) {
    const here = serverPath(context.filename);
    if (!here) return {};
    const fromModule = here.rel.startsWith('modules/') ? here.rel.split('/')[1] : null;
    const below = /^(platform|db|kernel)\//.test(here.rel);
    /** @param {import('estree').Node & { source?: any }} node */
    function check(node) {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(here.rel), spec));
      if (!target.startsWith('modules/')) return;
      const [, mod, ...rest] = target.split('/');
      if (below) {
        context.report({ node, messageId: 'layer', data: { from: here.rel, to: target } });
        return;
      }
      // modules/index.ts is the registry of every module: app.ts and cli/ compose from it.
      if (target === 'modules/index.js') {
        if (!fromModule) return;
        context.report({ node, messageId: 'registry', data: { from: here.rel, to: target } });
        return;
      }
      if (mod === fromModule || rest.join('/') === 'index.js') return;
      context.report({ node, messageId: 'deep', data: { from: here.rel, to: target, mod } });
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default { rules: { 'module-boundaries': moduleBoundaries } };
