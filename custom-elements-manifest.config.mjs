/**
 * `custom-elements.json` from the widgets' JSDoc (DESIGN "Widget conventions"). Tags are registered through
 * `define('lp-…', LpClass)` (guarded registration), which the analyzer does not know: the plugin below reads those
 * calls the way it reads `customElements.define`.
 */
function guardedDefine() {
  return {
    name: 'lp-guarded-define',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'define') return;
      const [tag, element] = node.arguments;
      if (!tag || !element || !ts.isStringLiteral(tag)) return;
      const className = element.getText();
      const declaration = moduleDoc.declarations?.find((d) => d.name === className);
      if (declaration) {
        declaration.tagName = tag.text;
        declaration.customElement = true;
      }
      moduleDoc.exports = [...(moduleDoc.exports ?? []), { kind: 'custom-element-definition', name: tag.text, declaration: { name: className, module: moduleDoc.path } }];
    },
  };
}

/** The analyzer reads files concurrently, so module order varies from run to run; sorted, the file is stable. */
function sortedModules() {
  return {
    name: 'lp-sorted-modules',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
    },
  };
}

export default {
  globs: ['widgets/**/*.ts'],
  exclude: ['widgets/**/*.test.ts', 'widgets/**/*.stories.ts', 'widgets/core/testing/**', 'widgets/**/testing/**', 'widgets/core/api-types.ts', 'widgets/fixtures/**'],
  outdir: '.',
  litelement: true,
  // package.json names the manifest itself; the analyzer would rewrite it to wherever --outdir points (the test's temp dir).
  packagejson: false,
  plugins: [guardedDefine(), sortedModules()],
};
