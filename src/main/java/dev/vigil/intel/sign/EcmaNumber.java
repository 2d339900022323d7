package dev.vigil.intel.sign;

import java.math.BigDecimal;

/**
 * ECMAScript's Number.prototype.toString for a double (ECMA-262 Number::toString, the form RFC 8785 requires).
 * Java's Double.toString (JDK 19+) already finds the shortest decimal that rounds back to the double, closest to
 * it on a tie — the same choice ECMAScript makes — except that when one significant digit would do, Java may
 * print two (it prints 4.9E-324 where ECMAScript prints 5e-324). So: take Java's digits, try one digit, then
 * lay the digits out with ECMAScript's rules.
 */
final class EcmaNumber {
    private EcmaNumber() {}

    static String format(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("no JSON form for " + d);
        if (d == 0) return "0"; // -0 too
        if (d < 0) return "-" + format(-d);
        // Java gives d.ddddE±x or plain ddd.ddd
        String j = Double.toString(d);
        String digits;
        int exp10; // value = 0.DIGITS * 10^exp10, i.e. ECMAScript's n
        int e = j.indexOf('E');
        String mantissa = e < 0 ? j : j.substring(0, e);
        int exp = e < 0 ? 0 : Integer.parseInt(j.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String intPart = mantissa.substring(0, dot);
        String frac = mantissa.substring(dot + 1);
        String all = intPart + frac;
        int pointPos = intPart.length() + exp; // decimal point position within `all`
        int lead = 0;
        while (lead < all.length() - 1 && all.charAt(lead) == '0') lead++;
        digits = all.substring(lead);
        pointPos -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') end--;
        digits = digits.substring(0, end);
        exp10 = pointPos;
        if (digits.length() == 2) {
            String one = oneDigit(d, digits, exp10);
            if (one != null) {
                if (one.length() == 2) { // "10": the carry moved the point
                    digits = "1";
                    exp10++;
                } else {
                    digits = one;
                }
            }
        }
        return layout(digits, exp10);
    }

    /** A one-digit decimal that reads back as d, the closest of the two candidates (even on a tie); else null. */
    private static String oneDigit(double d, String two, int n) {
        int first = two.charAt(0) - '0';
        BigDecimal exact = new BigDecimal(d);
        String best = null;
        BigDecimal bestDist = null;
        for (int cand = first; cand <= first + 1; cand++) {
            BigDecimal v = BigDecimal.valueOf(cand).scaleByPowerOfTen(n - 1);
            if (v.doubleValue() != d) continue;
            BigDecimal dist = v.subtract(exact).abs();
            if (best == null || dist.compareTo(bestDist) < 0 || dist.compareTo(bestDist) == 0 && cand % 2 == 0) {
                best = Integer.toString(cand);
                bestDist = dist;
            }
        }
        return best;
    }

    /** ECMA-262 Number::toString steps for digits s (k of them) and exponent n, value = s * 10^(n-k). */
    private static String layout(String s, int n) {
        int k = s.length();
        StringBuilder b = new StringBuilder(32);
        if (k <= n && n <= 21) {
            b.append(s);
            b.repeat('0', n - k);
        } else if (0 < n && n <= 21) {
            b.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            b.append("0.");
            b.repeat('0', -n);
            b.append(s);
        } else {
            b.append(s.charAt(0));
            if (k > 1) b.append('.').append(s, 1, k);
            int e = n - 1;
            b.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return b.toString();
    }
}
