// Placeholder: filled by the issue that owns `cartbeacon token`.
export async function run(_argv: string[]): Promise<number> {
  console.error('cartbeacon token: not built yet');
  return 1;
}
