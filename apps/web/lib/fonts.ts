/**
 * The app's fonts, served by Next from the local `@fontsource-variable` packages (no network at
 * build or run time): Inter (variable weight) for text and, with tabular figures, for numbers.
 * Addresses and hashes use the system's monospace font: a second web font would be one more
 * download in every page's first paint for strings nobody reads letter by letter.
 */
import localFont from "next/font/local";

export const fontSans = localFont({
  src: "../../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  weight: "100 900",
  style: "normal",
  display: "swap",
  variable: "--font-inter",
});
