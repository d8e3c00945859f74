// dependency-cruiser walks swc's syntax tree with @swc/core's Visitor, which predates `using` declarations and throws
// "Unknown statement type: UsingDeclaration" on `await using x = ...`. This teaches it to walk their declarators like
// a `const`. Preloaded with `node --require` before dependency-cruiser runs.
const { Visitor } = require('@swc/core/Visitor.js');

const visitStatement = Visitor.prototype.visitStatement;
Visitor.prototype.visitStatement = function (statement) {
  if (statement.type !== 'UsingDeclaration') return visitStatement.call(this, statement);
  statement.decls = this.visitVariableDeclarators(statement.decls);
  return statement;
};
