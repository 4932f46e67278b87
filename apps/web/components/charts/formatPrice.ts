/** An ether price on a chart's axis: they are tiny, so four significant digits read better than fixed decimals. */
export function formatChartPrice(price: number): string {
  // An axis tick at zero arrives as float noise (5.4e-20): below a wei's worth, it is zero.
  if (Math.abs(price) < 1e-18) return "0";
  return price >= 1 ? price.toFixed(4) : price.toPrecision(4);
}
