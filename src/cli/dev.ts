// Placeholder: filled by the issue that owns `cartbeacon dev`.
export async function run(_argv: string[]): Promise<number> {
  console.error('cartbeacon dev: not built yet');
  return 1;
}
