// jexl ships no types: the part of its API src/jetstream/query.ts uses.
declare module "jexl" {
  export class Jexl {
    addBinaryOp(operator: string, precedence: number, fn: (left: unknown, right: unknown) => unknown): void;
    addUnaryOp(operator: string, fn: (value: unknown) => unknown): void;
    addFunction(name: string, fn: (...args: unknown[]) => unknown): void;
    compile(expression: string): { evalSync(context?: Record<string, unknown>): unknown };
  }
}
