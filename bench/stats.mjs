// Small statistics for interleaved rounds: each round measures every contender once, in rotating order, so a ratio
// is taken within a round (both sides saw the same machine state) and summarised by its median and spread.

/** The q-quantile of `values`, interpolated between the two nearest ranks. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low)
}

/** Median, quartiles and range of `values`, rounded to 3 decimals. */
export function summary(values) {
  const round = (value) => Math.round(value * 1000) / 1000
  return {
    median: round(quantile(values, 0.5)),
    q1: round(quantile(values, 0.25)),
    q3: round(quantile(values, 0.75)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    n: values.length,
  }
}

/** Per-round ratios `values[i] / floor[i]`, summarised. */
export const pairedRatio = (values, floor) => summary(values.map((value, i) => value / floor[i]))

/** The contenders of round `round` in rotating order, so none is always first (or always after a GC of another). */
export const rotation = (names, round) => [
  ...names.slice(round % names.length),
  ...names.slice(0, round % names.length),
]

/** `0.79x [0.76-0.82]`: the median ratio and its interquartile range. */
export const formatRatio = ({ median, q1, q3 }) => `${median.toFixed(2)}x [${q1.toFixed(2)}-${q3.toFixed(2)}]`
