// An error as an AWS API reports it: the error type the SDK turns into a typed exception (the
// `x-amzn-ErrorType` header or `__type`), the message users read, and the HTTP status.
export interface ApiProblem {
  readonly type: string;
  readonly message: string;
  readonly status: number;
}

export function problem(type: string, message: string, status = 400): ApiProblem {
  return { type, message, status };
}

/** Thrown inside request handlers; the server answers with it in the protocol's error format. */
export class ApiError extends Error {
  constructor(readonly problem: ApiProblem) {
    super(problem.message);
    this.name = problem.type;
  }
}

export function fail(type: string, message: string, status = 400): never {
  throw new ApiError(problem(type, message, status));
}

/** "1 validation error detected: …", as AWS phrases a constraint violation (ValidationException). */
export function validationError(value: unknown, field: string, constraint: string): never {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  fail(
    'ValidationException',
    `1 validation error detected: Value '${shown}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

/** `value` when it is one of `allowed`, else AWS's enum violation for `field`. */
export function enumValue<T extends string>(
  value: unknown,
  field: string,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    validationError(
      value ?? null,
      field,
      `Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }
  return value as T;
}

export interface Violation {
  readonly value: unknown;
  readonly field: string;
  readonly constraint: string;
}

/** Several constraint violations in one answer, as AWS reports them: "2 validation errors detected: …; …". */
export function validationErrors(violations: readonly Violation[]): void {
  if (violations.length === 0) return;
  const parts = violations.map(
    ({ value, field, constraint }) =>
      `Value '${typeof value === 'string' ? value : JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
  const count =
    violations.length === 1
      ? '1 validation error detected'
      : `${violations.length} validation errors detected`;
  fail('ValidationException', `${count}: ${parts.join('; ')}`);
}
