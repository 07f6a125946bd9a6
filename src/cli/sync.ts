// Placeholder: filled by the issue that owns `cartbeacon sync`.
export async function run(_argv: string[]): Promise<number> {
  console.error('cartbeacon sync: not built yet');
  return 1;
}
