/**
 * The OpenAPI document says what the validators enforce. Every DTO is validated with
 * class-validator; its `@ApiProperty` says what a client sees. Rather than repeat each constraint
 * in both (and let them drift, which the contract fuzzer catches as "schema-valid request
 * rejected"), the constraints that JSON Schema can express are copied from the validation metadata
 * into the swagger metadata before the document is built, as @nestjs/swagger's compiler plugin
 * would. What a property declares itself always wins.
 */
import { INestApplicationContext, ParseUUIDPipe, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { IS_NOT_ME, ISO_DATE_OR_DATE_TIME } from './validation';

type SchemaKeywords = Record<string, unknown>;

/** Where `@ApiProperty` keeps a property's options (@nestjs/swagger's DECORATORS, not exported). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

const isNumber = (type: unknown) => type === Number || type === 'number';

/** The keywords @nestjs/swagger moves from an array property to its items. */
const ITEM_KEYWORDS = ['format', 'maximum', 'maxLength', 'minimum', 'minLength', 'pattern'];
const ARRAY_KEYWORDS = ['minItems', 'maxItems', 'uniqueItems'];

/**
 * The keywords of one validator that fit where it applies: on an array, an `each` validator
 * describes the items (only the keywords that reach them), any other the array itself.
 */
function keywordsFor(rule: ValidationMetadata, declared: SchemaKeywords): SchemaKeywords {
  const keywords = keywordsOf(rule, declared.type);
  if (!declared.isArray) return rule.each ? {} : keywords;
  const fitting = rule.each ? ITEM_KEYWORDS : ARRAY_KEYWORDS;
  return Object.fromEntries(Object.entries(keywords).filter(([key]) => fitting.includes(key)));
}

/**
 * One validator's JSON Schema keywords. For an array, @nestjs/swagger moves the string and number
 * keywords (format, pattern, lengths, bounds) to its items, where `each` validators apply.
 */
function keywordsOf(rule: ValidationMetadata, declaredType: unknown): SchemaKeywords {
  const [first, second] = rule.constraints ?? [];
  switch (rule.name) {
    case 'isUuid':
      return { format: 'uuid' };
    case 'isEmail':
      return { format: 'email' };
    case 'isUrl':
      return { format: 'uri' };
    case 'isInt':
      return isNumber(declaredType) ? { type: 'integer' } : {};
    case 'min':
      return { minimum: first };
    case 'max':
      return { maximum: first };
    case 'isLength':
      return second === undefined ? { minLength: first } : { minLength: first, maxLength: second };
    case 'minLength':
      return { minLength: first };
    case 'maxLength':
      return { maxLength: first };
    case 'isNotEmpty':
      return declaredType === String || declaredType === 'string' ? { minLength: 1 } : {};
    case 'matches':
      return first instanceof RegExp ? { pattern: first.source } : {};
    case 'isIso8601':
      return { pattern: ISO_DATE_OR_DATE_TIME.source };
    case 'isIn':
      return Array.isArray(first) ? { enum: first } : {};
    case 'arrayMinSize':
      return { minItems: first };
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'arrayNotEmpty':
      return { minItems: 1 };
    case 'arrayUnique':
      return { uniqueItems: true };
    default:
      return {};
  }
}

/** What the conditions on a property (`@IsOptional`, `ValidateIf`) let through unvalidated. */
interface Presence {
  nullable: boolean;
  /** `UserIdOrMe`: "me" as well as a uuid. */
  orMe: boolean;
  /** A condition that switches the validators off for ordinary values too: not describable. */
  unknown: boolean;
}

/** What class-validator's IsUUID() accepts (versions 1 to 8, the RFC variant), and "me". */
const UUID_OR_ME =
  '^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})$';

/**
 * A condition is a function of the object and the value: it is asked about absence, null and two
 * ordinary values. `@IsOptional()` skips null and absence (the property is nullable),
 * `OptionalNotNull()` and PartialType's condition skip absence only; `UserIdOrMe` is known by its
 * condition. Any other condition leaves the property as it declares itself.
 */
function presenceOf(property: string, rules: ValidationMetadata[]): Presence {
  const presence: Presence = { nullable: false, orMe: false, unknown: false };
  for (const rule of rules) {
    if (rule.type !== ValidationTypes.CONDITIONAL_VALIDATION) continue;
    const condition = rule.constraints?.[0] as (object: object, value: unknown) => boolean;
    if (condition === IS_NOT_ME) {
      presence.orMe = true;
      continue;
    }
    const validates = (value: unknown) => condition({ [property]: value }, value);
    if (!validates('x') || !validates(1)) presence.unknown = true;
    if (!validates(null)) presence.nullable = true;
  }
  return presence;
}

/** The validated classes: class-validator keeps them in a map it does not expose by type. */
function validatedClasses(): Map<Type, ValidationMetadata[]> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<Type, ValidationMetadata[]>;
  };
  return storage.validationMetadatas;
}

/**
 * Adds the validators' constraints to the `@ApiProperty` metadata of every validated DTO, and
 * returns the names of those classes (their schemas refuse unknown properties, as the validation
 * pipe does). Idempotent: it only fills keywords a property has not got.
 */
export function describeValidators(): Set<string> {
  const validated = new Set<string>();
  for (const [target, rules] of validatedClasses()) {
    validated.add(target.name);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const rule of rules) {
      byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
    }
    for (const [property, propertyRules] of byProperty) {
      describeProperty(target.prototype as object, property, propertyRules);
    }
  }
  return validated;
}

function describeProperty(prototype: object, property: string, rules: ValidationMetadata[]) {
  const declared = Reflect.getMetadata(API_MODEL_PROPERTIES, prototype, property) as
    SchemaKeywords | undefined;
  const presence = presenceOf(property, rules);
  if (!declared || presence.unknown) return;
  const derived: SchemaKeywords = presence.nullable ? { nullable: true } : {};
  // A property's own pattern (`@Matches`) is more precise than the generic ISO 8601 one.
  const ordered = [...rules].sort(
    (a, b) => Number(a.name === 'matches') - Number(b.name === 'matches'),
  );
  for (const rule of ordered) {
    if (rule.type !== ValidationTypes.CUSTOM_VALIDATION) continue;
    Object.assign(derived, keywordsFor(rule, declared));
  }
  if (presence.orMe && derived.format === 'uuid') {
    delete derived.format;
    derived.pattern = UUID_OR_ME;
  }
  const missing = Object.entries(derived).filter(
    ([keyword]) =>
      declared[keyword] === undefined || (keyword === 'type' && isNumber(declared.type)),
  );
  if (missing.length === 0) return;
  Reflect.defineMetadata(
    API_MODEL_PROPERTIES,
    { ...declared, ...Object.fromEntries(missing) },
    prototype,
    property,
  );
}

/**
 * The path parameters that `ParseUUIDPipe` checks, by operation id (`<Controller>_<method>`, as
 * @nestjs/swagger names operations): the document gives them the uuid format.
 */
export function uuidPathParameters(app: INestApplicationContext): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const controller = metatype as Type;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const names = uuidParametersOf(controller, method);
        if (names.size > 0) found.set(`${controller.name}_${method}`, names);
      }
    }
  }
  return found;
}

interface RouteArgument {
  data?: unknown;
  pipes?: unknown[];
}

function uuidParametersOf(controller: Type, method: string): Set<string> {
  const routeArguments = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ??
    {}) as Record<string, RouteArgument>;
  const names = new Set<string>();
  for (const [key, argument] of Object.entries(routeArguments)) {
    if (!key.startsWith(`${RouteParamtypes.PARAM}:`) || typeof argument.data !== 'string') continue;
    const pipes = argument.pipes ?? [];
    if (pipes.some((pipe) => pipe === ParseUUIDPipe || pipe instanceof ParseUUIDPipe)) {
      names.add(argument.data);
    }
  }
  return names;
}
