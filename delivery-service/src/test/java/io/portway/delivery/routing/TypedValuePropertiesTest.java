package io.portway.delivery.routing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/RULES.md §8: a context value is compared as a number without expanding it. Seeded random numbers with exponents
 * up to ±999,999,999 compare like {@link BigDecimal#compareTo}, and share an equality key exactly when equal.
 */
class TypedValuePropertiesTest {

    @Provide
    Arbitrary<BigDecimal> numbers() {
        Arbitrary<BigInteger> unscaled = Arbitraries.bigIntegers().between(
                new BigInteger("-" + "9".repeat(40)), new BigInteger("9".repeat(40)));
        Arbitrary<Integer> scale = Arbitraries.oneOf(Arbitraries.integers().between(-20, 20),
                Arbitraries.integers().between(-999_999_999, 999_999_999));
        return Combinators.combine(unscaled, scale).as(BigDecimal::new);
    }

    @Property(tries = 2000, seed = "20261201")
    void numbersCompareByValue_inBoundedTime(@ForAll("numbers") BigDecimal a, @ForAll("numbers") BigDecimal b) {
        TypedValue x = TypedValue.of(a.toString());
        TypedValue y = TypedValue.of(b.toString());

        assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Integer.signum(a.compareTo(b)));
        assertThat(x.equalityKey().equals(y.equalityKey())).isEqualTo(a.compareTo(b) == 0);
        assertThat(x.equalityKey().length()).isLessThan(64);
    }

    @Property(tries = 1000, seed = "20261201")
    void equalNumbersWrittenDifferently_shareTheirKey(@ForAll("numbers") BigDecimal a,
                                                      @ForAll @IntRange(min = 0, max = 30) int zeros) {
        BigDecimal padded = a.setScale(a.scale() + zeros);
        String plainish = padded.toString();
        TypedValue x = TypedValue.of(a.toString());
        TypedValue y = TypedValue.of(plainish);

        assertThat(x.compareTo(y)).isZero();
        assertThat(x.equalityKey()).isEqualTo(y.equalityKey());
    }
}
