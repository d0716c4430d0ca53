/** `access-keys` -> `DenyAccessKeysUnlessExempt`: Sids allow only letters and digits, so the hyphens go. */
export function exemptionSid(useCase: string): string {
  const words = useCase.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return `Deny${words.join('')}UnlessExempt`;
}
