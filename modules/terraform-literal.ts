/**
 * Terraform reads `${...}` and `%{...}` in strings as templates; policy text must reach AWS as
 * written. Modules and stacks both escape with this, so it lives below both.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
}

/**
 * A policy document as Terraform receives it, with values known only at apply time: each
 * `[text, reference]` pair replaces `text` (a readable stand-in that the recorded document keeps for
 * review) with a Terraform reference (a cdktf token) in the minified, literal JSON.
 */
export function terraformPolicy(minifiedDocument: string, references: ReadonlyArray<readonly [string, string]> = []): string {
  let text = terraformLiteral(minifiedDocument);
  for (const [standIn, reference] of references) text = text.split(standIn).join(reference);
  return text;
}
