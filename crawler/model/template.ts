// Configuration templates that reached a live server unfilled: Jinja/Ansible `{{ admin_email }}`,
// shell and JavaScript `${DOMAIN}`, documentation's `<email>`, and `__DOMAIN__` markers. Pure.

const PLACEHOLDERS = [/\{\{[^{}]{0,80}\}\}/, /\$\{[^{}]{0,80}\}/, /<[A-Za-z][\w .:-]{0,40}>/, /__[A-Z][A-Z0-9_]{0,40}__/];

/** The first unfilled template placeholder in a value, or undefined when it holds none. */
export function templatePlaceholder(value: string): string | undefined {
  for (const pattern of PLACEHOLDERS) {
    const found = pattern.exec(value);
    if (found) return found[0];
  }
  return undefined;
}
