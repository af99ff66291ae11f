package io.scorehouse.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DemoPopulationTest {
    private static final LocalDate DATE = LocalDate.of(2026, 11, 20);
    private final DemoPopulation population = new DemoPopulation(42, List.of("acme", "globex"));

    @Test
    void sameSeedSameEntities() {
        DemoPopulation again = new DemoPopulation(42, List.of("acme", "globex"));
        for (long i = 0; i < 200; i++) {
            assertThat(again.customer(i)).isEqualTo(population.customer(i));
            assertThat(again.snapshots(i, DATE)).isEqualTo(population.snapshots(i, DATE));
            assertThat(again.labels(i, DATE)).isEqualTo(population.labels(i, DATE));
        }
    }

    @Test
    void otherSeedOtherEntities() {
        DemoPopulation other = new DemoPopulation(43, List.of("acme", "globex"));
        long differing = LongStream.range(0, 200)
                .filter(i -> !other.customer(i).equals(population.customer(i)))
                .count();
        assertThat(differing).isGreaterThan(190);
    }

    @Test
    void overlappingWindowsAgreeOnSharedDays() {
        for (long i = 0; i < 200; i++) {
            List<DemoPopulation.Snapshot> today = population.snapshots(i, DATE);
            List<DemoPopulation.Snapshot> tomorrow = population.snapshots(i, DATE.plusDays(1));
            LocalDate sharedFrom = DATE.plusDays(1).minusDays(DemoPopulation.WINDOW_DAYS - 1);
            assertThat(tomorrow.stream()
                            .filter(s -> !s.eventDate().isAfter(DATE))
                            .toList())
                    .isEqualTo(today.stream()
                            .filter(s -> !s.eventDate().isBefore(sharedFrom))
                            .toList());
        }
    }

    @Test
    void snapshotsStayInsideTheWindowAndAreSeveralPerEntity() {
        int total = 0;
        for (long i = 0; i < 1_000; i++) {
            for (DemoPopulation.Snapshot snapshot : population.snapshots(i, DATE)) {
                assertThat(snapshot.eventDate()).isBetween(DATE.minusDays(DemoPopulation.WINDOW_DAYS - 1), DATE);
                assertThat(snapshot.eventEpochSecond())
                        .isBetween(
                                snapshot.eventDate().toEpochDay() * 86_400,
                                snapshot.eventDate().toEpochDay() * 86_400 + 86_399);
                assertThat(snapshot.utilizationRatio()).isBetween(0.0, 1.0);
                assertThat(snapshot.amount30d()).isPositive();
                assertThat(snapshot.tenureDays()).isPositive();
                total++;
            }
        }
        double perEntity = total / 1_000.0;
        assertThat(perEntity).isBetween(3.0, 5.5);
    }

    @Test
    void featuresCarryTheHiddenChurnSignal() {
        // Entities with high latent risk log in less and complain more: the model has something to learn.
        double riskyLogins = 0;
        double safeLogins = 0;
        int risky = 0;
        int safe = 0;
        for (long i = 0; i < 4_000; i++) {
            DemoPopulation.Customer customer = population.customer(i);
            for (DemoPopulation.Snapshot snapshot : population.snapshots(i, DATE)) {
                double risk = population.risk(customer, snapshot.eventDate());
                if (risk > 1) {
                    riskyLogins += snapshot.logins30d();
                    risky++;
                } else if (risk < -1) {
                    safeLogins += snapshot.logins30d();
                    safe++;
                }
            }
        }
        assertThat(riskyLogins / risky).isLessThan(0.6 * safeLogins / safe);
    }

    @Test
    void idsAndPiiLookReal() {
        DemoPopulation.Customer customer = population.customer(7);
        assertThat(customer.custId()).isEqualTo("CUST-00000007");
        assertThat(customer.email()).matches("[a-z]+\\.[a-z]+7@example\\.(com|org|net)");
        assertThat(customer.fullName()).matches("[A-Z][a-z]+ [A-Z][a-z]+");
        assertThat(customer.taxId()).matches("\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}");
        assertThat(customer.tenantId()).isIn("acme", "globex");
    }

    @Test
    void taxIdsHaveValidCpfCheckDigits() {
        SplittableRandom random = new SplittableRandom(1);
        for (int n = 0; n < 100; n++) {
            int[] digits = DemoPopulation.taxId(random)
                    .replaceAll("\\D", "")
                    .chars()
                    .map(c -> c - '0')
                    .toArray();
            assertThat(digits[9]).isEqualTo(DemoPopulation.cpfCheckDigit(digits, 9));
            assertThat(digits[10]).isEqualTo(DemoPopulation.cpfCheckDigit(digits, 10));
        }
        // A known valid CPF: 529.982.247-25.
        int[] known = {5, 2, 9, 9, 8, 2, 2, 4, 7, 2, 5};
        assertThat(DemoPopulation.cpfCheckDigit(known, 9)).isEqualTo(2);
        assertThat(DemoPopulation.cpfCheckDigit(known, 10)).isEqualTo(5);
    }
}
