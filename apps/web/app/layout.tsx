import type { ReactNode } from "react";

export const metadata = {
  title: "Open Research Market",
  description: "Fund, improve and verify open research on 0G.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
