import type { z } from 'zod';
import { isTimestamp, Timestamp } from '../../contracts/index.ts';

type Def = { type: string; [key: string]: unknown };
type AnySchema = z.ZodType & { _zod: { def: Def } };

/** What decides a schema's verdict besides the JSON structure, read once from the schema. */
interface Plan {
  /** String lengths where a min/max length check flips (sorted). */
  lengths: number[];
  /** Field name → the field's own schemas, for fields whose value (not only its type) is checked: refinements, numbers with bounds, literals, enums. */
  content: Map<string, AnySchema[]>;
}

/** A field schema's verdict on a value. */
type Judge = (value: unknown) => boolean;

/** Schemas with a verdict of their own that needs no zod parse (each proved the same as its schema's by its tests). */
const QUICK_JUDGES = new Map<z.ZodType, Judge>([[Timestamp, isTimestamp]]);

const judgeOf = (schema: AnySchema): Judge => QUICK_JUDGES.get(schema) ?? ((value) => schema.safeParse(value).success);

const MAX_NODES = 50_000;

/** Token codes besides a string's length class (0..n) plus 16 × the verdict bits of its field's own schemas. */
const NUMBER = -1;
const BOOLEAN = -2;
const NULL = -3;
const OBJECT = -4;
const ARRAY = -5;
const END = -6;
const TYPE = -7;

/**
 * A node of the trie of accepted structures: edges by (name, code). Most nodes have one edge (frames of one type share
 * their structure), kept inline: following it is two comparisons, no Map lookup.
 */
interface Node {
  name: string | undefined;
  code: number;
  next: Node | undefined;
  /** Edges beyond the inline one. */
  edges: Map<string, Map<number, Node>> | undefined;
  valid: boolean;
}

const newNode = (): Node => ({ name: undefined, code: 0, next: undefined, edges: undefined, valid: false });

/**
 * Remembers which structures of frames a schema accepted, so that a frame like one seen before is not validated again.
 * A structure is the sequence of (key name, value class) of a depth-first walk, kept in a trie: its `type`, every key
 * name in order, the JSON type of every value (null apart), each string's length class at the schema's length limits,
 * and for fields whose value is checked (refinements such as the timestamp's, bounded numbers, literals) that field
 * schema's own verdict. Object-level refinements may look only at which fields are present (the contracts'
 * requireSomewhere does). A schema using anything else (transforms, pipes, unknown kinds) disables the memo.
 * @example if (!memo.known(json)) { if (ServerMessage.safeParse(json).success) memo.remember(json); }
 */
export class ValidationMemo {
  private readonly plan: Plan | undefined;
  /** Field name → the verdicts of its own schemas (plan.content's). */
  private readonly judges = new Map<string, Judge[]>();
  private readonly root: Node = newNode();
  private nodes = 0;
  private node: Node = this.root;
  private create = false;

  constructor(schema: z.ZodType) {
    const plan: Plan = { lengths: [], content: new Map() };
    this.plan = collect(schema as AnySchema, undefined, plan, 0)
      ? { ...plan, lengths: [...new Set(plan.lengths)].sort((a, b) => a - b) }
      : undefined;
    for (const [field, schemas] of this.plan?.content ?? []) this.judges.set(field, schemas.map(judgeOf));
  }

  /** True when a frame of the same structure was accepted before. */
  known(value: unknown): boolean {
    if (this.plan === undefined) return false;
    this.node = this.root;
    this.create = false;
    return this.walk(value, '') && this.node.valid;
  }

  /** A frame the schema accepted: frames of its structure are known from now on. */
  remember(value: unknown): void {
    if (this.plan === undefined || this.nodes >= MAX_NODES) return;
    this.node = this.root;
    this.create = true;
    if (this.walk(value, '')) this.node.valid = true;
  }

  /** Follows (or, when remembering, creates) one edge; false when it does not exist. */
  private step(name: string, code: number): boolean {
    const node = this.node;
    if (node.next !== undefined && node.code === code && node.name === name) {
      this.node = node.next;
      return true;
    }
    let byCode = node.edges?.get(name);
    let next = byCode?.get(code);
    if (next === undefined) {
      if (!this.create) return false;
      next = newNode();
      this.nodes++;
      if (node.next === undefined) {
        node.name = name;
        node.code = code;
        node.next = next;
      } else {
        node.edges ??= new Map();
        if (byCode === undefined) node.edges.set(name, (byCode = new Map()));
        byCode.set(code, next);
      }
    }
    this.node = next;
    return true;
  }

  private walk(value: unknown, name: string): boolean {
    switch (typeof value) {
      case 'string': {
        let code = 0;
        for (const limit of this.plan!.lengths) if (value.length >= limit) code++;
        return this.step(name, code + this.verdicts(value, name));
      }
      case 'number':
        return this.step(name, NUMBER - this.verdicts(value, name));
      case 'boolean':
        return this.step(name, BOOLEAN - this.verdicts(value, name));
      case 'object': {
        if (value === null) return this.step(name, NULL - this.verdicts(value, name));
        if (Array.isArray(value)) {
          if (!this.step(name, ARRAY)) return false;
          for (const item of value) if (!this.walk(item, '')) return false;
          return this.step('', END);
        }
        if (!this.step(name, OBJECT)) return false;
        const body = value as Record<string, unknown>;
        for (const key in body) {
          const item = body[key];
          // the value of a `type` string is part of the structure
          if (key === 'type' && typeof item === 'string' && !this.step(item, TYPE)) return false;
          if (!this.walk(item, key)) return false;
        }
        return this.step('', END);
      }
      default:
        return false;
    }
  }

  /** 16 × the verdict bits of the field's own schemas, when its value is checked; else 0. */
  private verdicts(value: unknown, name: string): number {
    const judges = this.judges.get(name);
    if (judges === undefined) return 0;
    let bits = 16;
    for (let i = 0; i < judges.length; i++) if (judges[i]!(value)) bits += 32 << i;
    return bits;
  }
}

/** Reads a schema's checks into the plan; false when it uses something the memo cannot account for. */
function collect(schema: AnySchema, field: string | undefined, plan: Plan, depth: number): boolean {
  const def = schema._zod.def;
  if (depth > 32) return false;
  const checks =
    (def.checks as { _zod: { def: { check: string; minimum?: number; maximum?: number } } }[] | undefined) ?? [];
  const addContent = (): boolean => {
    if (field === undefined) return false;
    const list = plan.content.get(field) ?? [];
    if (!list.includes(schema)) list.push(schema);
    plan.content.set(field, list);
    return true;
  };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
      return collect(def.innerType as AnySchema, field, plan, depth + 1);
    case 'union': {
      const options = def.options as AnySchema[];
      // a union at a field: its own verdict on the value goes into the key, whatever its options check
      if (def.discriminator === undefined && field !== undefined) return addContent();
      return options.every((option) => collect(option, field, plan, depth + 1));
    }
    case 'object': {
      // object-level refinements are taken to depend on which fields are present (see the class comment)
      for (const [name, inner] of Object.entries(def.shape as Record<string, AnySchema>)) {
        if (!collect(inner, name, plan, depth + 1)) return false;
      }
      const catchall = def.catchall as AnySchema | undefined;
      return catchall === undefined || ['unknown', 'any', 'never'].includes(catchall._zod.def.type);
    }
    case 'array':
      return collect(def.element as AnySchema, undefined, plan, depth + 1);
    case 'record':
      return (
        collect(def.keyType as AnySchema, undefined, plan, depth + 1) &&
        collect(def.valueType as AnySchema, undefined, plan, depth + 1)
      );
    case 'string':
      for (const check of checks) {
        const kind = check._zod.def.check;
        if (kind === 'min_length' && check._zod.def.minimum !== undefined) plan.lengths.push(check._zod.def.minimum);
        else if (kind === 'max_length' && check._zod.def.maximum !== undefined)
          plan.lengths.push(check._zod.def.maximum + 1);
        else if (!addContent()) return false;
      }
      return true;
    case 'number':
    case 'literal':
    case 'enum':
      // the top-level type literal is in the key as it is; elsewhere the value itself decides
      if (def.type === 'literal' && field === 'type') return true;
      return (def.type === 'number' && checks.length === 0) || addContent();
    case 'boolean':
    case 'unknown':
    case 'any':
    case 'null':
      return checks.length === 0 || addContent();
    default:
      return false;
  }
}
