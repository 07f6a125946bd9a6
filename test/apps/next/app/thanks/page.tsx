export default async function Thanks({ searchParams }: { searchParams: Promise<{ order?: string }> }) {
  const { order } = await searchParams;
  return (
    <main>
      <h1>Thank you</h1>
      <p>Order {order} is on its way.</p>
    </main>
  );
}
