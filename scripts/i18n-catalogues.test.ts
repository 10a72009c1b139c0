import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const LANGUAGES = ['es', 'fr-CA'];
const tracked = (pattern: string) => execFileSync('git', ['ls-files', pattern], { encoding: 'utf8' }).split('\n').filter(Boolean);
const catalogues = tracked('widgets/*.messages.ts').concat('widgets/core/messages.ts');
const sources = tracked('widgets/*.ts').filter((f) => !/\.test\.ts$|\.stories\.ts$|messages|\/testing\//.test(f));

describe('message catalogues (issue 10)', () => {
  it('registers every English catalogue with a Spanish and a French-Canadian translation beside it', () => {
    const missing: string[] = [];
    for (const file of catalogues) {
      const text = readFileSync(file, 'utf8');
      for (const language of LANGUAGES) {
        const translation = file.replace(/\.ts$/, `.${language}.ts`);
        if (!existsSync(translation)) missing.push(translation);
        else if (!text.includes(`'${language}': () => import('./${translation.split('/').pop()!.replace(/\.ts$/, '.js')}')`) && !text.includes(`${language}: () => import('./${translation.split('/').pop()!.replace(/\.ts$/, '.js')}')`)) missing.push(`${file} does not load ${translation}`);
      }
      if (!/\blocalized\(/.test(text)) missing.push(`${file} is not registered with localized()`);
    }
    expect(missing).toEqual([]);
  });

  it('reads no catalogue text at module load (it would stay in the first language after a switch)', () => {
    const early: string[] = [];
    for (const file of sources) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const names = new Set<string>();
      for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement) || !/messages\.js$/.test((statement.moduleSpecifier as ts.StringLiteral).text)) continue;
        const bindings = statement.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
      }
      const visit = (node: ts.Node, deferred: boolean): void => {
        const inside = deferred || ts.isFunctionLike(node) || (ts.isClassElement(node) && !ts.isPropertyDeclaration(node));
        if (!inside && ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && names.has(node.expression.text)) {
          // An alias of a nested catalogue object (`const text = messages.form`) or its keys is fine: replaced in place.
          let read: ts.Node = node;
          while (ts.isPropertyAccessExpression(read.parent)) read = read.parent;
          const harmless = (ts.isVariableDeclaration(read.parent) && read === node) || (ts.isCallExpression(read.parent) && read.parent.expression.getText().startsWith('Object.'));
          if (!harmless) early.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${read.getText()}`);
        }
        ts.forEachChild(node, (child) => visit(child, inside));
      };
      visit(source, false);
    }
    expect(early).toEqual([]);
  });
});
