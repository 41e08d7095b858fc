import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * The official AMP validator (npm amphtml-validator), run offline on the validator JS that
 * @hint/hint-amp-validator ships, instead of the copy amphtml-validator would download.
 */
export interface AmpValidation {
  status: "PASS" | "FAIL" | "UNKNOWN";
  errors: AmpFinding[];
  warnings: AmpFinding[];
}

export interface AmpFinding {
  line: number;
  col: number;
  code: string;
  message: string;
}

export async function validateAmp(document: string): Promise<AmpValidation> {
  const validator = await VALIDATOR;
  const result = validator.validateString(document);
  const findings = (severity: string) =>
    result.errors.filter((e) => e.severity === severity).map(({ line, col, code, message }) => ({ line, col, code, message }));
  return { status: result.status, errors: findings("ERROR"), warnings: findings("WARNING") };
}

interface Validator {
  validateString(html: string): {
    status: AmpValidation["status"];
    errors: { severity: "ERROR" | "WARNING"; line: number; col: number; code: string; message: string }[];
  };
}

const require = createRequire(import.meta.url);
const VALIDATOR_JS = fileURLToPath(new URL("../../node_modules/@hint/hint-amp-validator/dist/src/validator", import.meta.url));
const VALIDATOR: Promise<Validator> = (require("amphtml-validator") as { getInstance(validatorJs: string): Promise<Validator> }).getInstance(
  VALIDATOR_JS,
);
