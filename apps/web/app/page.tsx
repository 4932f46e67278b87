export default function HomePage() {
  return (
    <main>
      <h1>Open Research Market</h1>
      <p>The app is being built. The storage relay answers at /api/storage.</p>
    </main>
  );
}
