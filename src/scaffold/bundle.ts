import type { Form } from "./form.js";

/** A file a bundle produces: its path inside the target directory, its text, and whether it holds a secret (0600). */
export interface RenderedFile {
  path: string;
  content: string;
  secret?: boolean;
}

/** The operator a bundle that needs one renders with (natscli's `.Requirements.Operator`). */
export interface BundleOperator {
  name: string;
  jwt: string;
  systemAccount?: { name: string; subject: string; jwt: string };
}

/** What a bundle renders with besides the answers. */
export interface BundleEnv {
  /** The target directory as given. */
  target: string;
  /** The --source as given ("" for a template picked from the list). */
  source: string;
  operator?: BundleOperator;
  /** Values never to show (answers to password questions). */
  secrets: string[];
}

/** A configuration bundle: natscli's bundle.yaml + form.yaml + scaffold directory. */
export interface Bundle {
  description: string;
  form?: Form;
  /** The bundle renders an operator's JWTs: one must exist in the `nats auth` store. */
  requiresOperator?: boolean;
  /** Text shown before the files are written. */
  before?(answers: Record<string, unknown>, env: BundleEnv): Promise<string> | string;
  render(answers: Record<string, unknown>, env: BundleEnv): Promise<RenderedFile[]> | RenderedFile[];
  /** Text shown after the files are written (what to do next). */
  after?(answers: Record<string, unknown>, env: BundleEnv): Promise<string> | string;
}
