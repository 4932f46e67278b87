/**
 * The app's fonts, served by Next from the local `@fontsource-variable` packages (no network at
 * build or run time): Inter (variable weight) for text, JetBrains Mono for addresses and numbers.
 */
import localFont from "next/font/local";

export const fontSans = localFont({
  src: "../../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  weight: "100 900",
  style: "normal",
  display: "swap",
  variable: "--font-inter",
});

export const fontMono = localFont({
  src: "../../../node_modules/@fontsource-variable/jetbrains-mono/files/jetbrains-mono-latin-wght-normal.woff2",
  weight: "100 800",
  style: "normal",
  display: "swap",
  variable: "--font-jetbrains-mono",
  preload: false,
});
