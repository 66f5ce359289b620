/**
 * Terraform reads `${...}` and `%{...}` in strings as templates; policy text must reach AWS as
 * written. Modules and stacks both escape with this, so it lives below both.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
}
