package io.callstream.llmtest;

/**
 * Rates of random faults, each a fraction of requests in [0, 1], drawn from the server's seeded
 * random source; together at most 1. The rest are answered {@link Fault#OK}.
 *
 * @param rate429 fraction answered 429 with {@code Retry-After}
 * @param rate5xx fraction answered 500
 * @param rateHang fraction never answered
 * @param rateMalformed fraction answered with truncated JSON content
 */
public record Faults(double rate429, double rate5xx, double rateHang, double rateMalformed) {

  private static final Faults NONE = new Faults(0, 0, 0, 0);

  public Faults {
    checkRate(rate429, "rate429");
    checkRate(rate5xx, "rate5xx");
    checkRate(rateHang, "rateHang");
    checkRate(rateMalformed, "rateMalformed");
    if (rate429 + rate5xx + rateHang + rateMalformed > 1.0 + 1e-9) {
      throw new IllegalArgumentException("fault rates must add up to at most 1");
    }
  }

  public static Faults of(double rate429, double rate5xx, double rateHang, double rateMalformed) {
    return new Faults(rate429, rate5xx, rateHang, rateMalformed);
  }

  /** No random faults: the default. */
  public static Faults none() {
    return NONE;
  }

  /** The fault for a uniform draw {@code u} in [0, 1). */
  Fault pick(double u) {
    double edge = rate429;
    if (u < edge) {
      return Fault.RATE_LIMITED;
    }
    edge += rate5xx;
    if (u < edge) {
      return Fault.SERVER_ERROR;
    }
    edge += rateHang;
    if (u < edge) {
      return Fault.HANG;
    }
    edge += rateMalformed;
    return u < edge ? Fault.MALFORMED : Fault.OK;
  }

  private static void checkRate(double rate, String name) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], was " + rate);
    }
  }
}
