package io.scorehouse.jobs.demo;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic customer base with a hidden churn propensity. Everything is a pure function of
 * (seed, entity, day): the same seed gives the same content whatever the Spark partitioning,
 * and windows ending on different dates agree where they overlap.
 *
 * <p>Each entity has a latent risk {@code r} (standard normal) that drifts slowly over time.
 * Snapshots observe noisy features driven by the risk of their day; labels are drawn from the
 * risk of the label day. So features as of the label date predict the label, and features from
 * after it would leak — which is what the point-in-time training join guards against.
 *
 * <p>Over 300 lines: one generator, so the latent risk, its noisy features and the labels drawn
 * from it can be read together.
 */
public final class DemoPopulation implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Days of feature history written for a date: D-13 … D. */
    public static final int WINDOW_DAYS = 14;

    static final double SNAPSHOT_PROBABILITY = 0.3;
    static final double LABEL_PROBABILITY = 0.1;
    private static final long TENURE_REFERENCE_DAY = LocalDate.of(2025, 1, 1).toEpochDay();

    private static final String[] FIRST_NAMES = {
        "Ana",
        "Bruno",
        "Carla",
        "Diego",
        "Elisa",
        "Fabio",
        "Gabriela",
        "Heitor",
        "Isabela",
        "Joao",
        "Larissa",
        "Marcos",
        "Natalia",
        "Otavio",
        "Paula",
        "Rafael",
        "Sofia",
        "Tiago",
        "Vanessa",
        "Yuri"
    };
    private static final String[] LAST_NAMES = {
        "Almeida",
        "Barbosa",
        "Cardoso",
        "Dias",
        "Esteves",
        "Ferreira",
        "Gomes",
        "Hoffmann",
        "Ivanov",
        "Jesus",
        "Lima",
        "Moreira",
        "Nogueira",
        "Oliveira",
        "Pereira",
        "Queiroz",
        "Ribeiro",
        "Santos",
        "Teixeira",
        "Vieira"
    };
    private static final String[] MAIL_DOMAINS = {"example.com", "example.org", "example.net"};
    private static final String[] REGIONS = {"SE", "S", "NE", "N", "CO"};
    private static final double[] REGION_WEIGHTS = {0.45, 0.15, 0.20, 0.08, 0.12};
    private static final String[] CHANNELS = {"app", "web", "branch", "partner"};
    private static final double[] CHANNEL_WEIGHTS = {0.50, 0.25, 0.15, 0.10};
    private static final String[] SEGMENTS = {"retail", "premium", "smb"};
    private static final double[] SEGMENT_WEIGHTS = {0.70, 0.15, 0.15};
    private static final double[] SEGMENT_CREDIT_LIMIT = {5_000, 25_000, 15_000};
    private static final double[] SEGMENT_RISK_SHIFT = {0.1, -0.4, 0.0};

    private final long seed;
    private final List<String> tenants;

    public DemoPopulation(long seed, List<String> tenants) {
        requireNonNull(tenants, "tenants is null");
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException("at least one tenant is required");
        }
        this.seed = seed;
        this.tenants = List.copyOf(tenants);
    }

    /** The raw identifier of entity {@code index}: sensitive, never leaves the curated zone. */
    public static String custId(long index) {
        return String.format("CUST-%08d", index);
    }

    public Customer customer(long index) {
        SplittableRandom random = random(index, -1);
        int segment = pick(random, SEGMENT_WEIGHTS);
        String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String email = (first + "." + last + (index % 1000)).toLowerCase() + "@"
                + MAIL_DOMAINS[random.nextInt(MAIL_DOMAINS.length)];
        double baseRisk = gaussian(random) + SEGMENT_RISK_SHIFT[segment];
        return new Customer(
                custId(index),
                tenants.get(Math.floorMod(mix(seed ^ 0x7e5a17L, index), tenants.size())),
                email,
                first + " " + last,
                taxId(random),
                REGIONS[pick(random, REGION_WEIGHTS)],
                CHANNELS[pick(random, CHANNEL_WEIGHTS)],
                SEGMENTS[segment],
                baseRisk,
                SEGMENT_CREDIT_LIMIT[segment] * Math.exp(0.4 * gaussian(random)),
                18 + random.nextInt(63),
                20 + random.nextDouble() * 40,
                random.nextDouble() * 2 * Math.PI,
                (int) (30 + random.nextDouble() * 3_600 * Math.exp(-0.3 * baseRisk)));
    }

    /** Latent churn risk of a customer on a day: slow oscillation around its base risk. */
    public double risk(Customer customer, LocalDate day) {
        double t = day.toEpochDay();
        return customer.baseRisk()
                + 0.35 * Math.sin(2 * Math.PI * t / customer.riskPeriodDays() + customer.riskPhase());
    }

    /** The snapshots of one entity in the window ending on {@code date}, oldest first. */
    public List<Snapshot> snapshots(long index, LocalDate date) {
        Customer customer = customer(index);
        List<Snapshot> snapshots = new ArrayList<>();
        for (LocalDate day = date.minusDays(WINDOW_DAYS - 1); !day.isAfter(date); day = day.plusDays(1)) {
            SplittableRandom random = random(index, day.toEpochDay());
            if (random.nextDouble() < SNAPSHOT_PROBABILITY) {
                snapshots.add(snapshot(customer, day, random));
            }
        }
        return snapshots;
    }

    /** The churn labels of one entity in the window ending on {@code date}. */
    public List<Label> labels(long index, LocalDate date) {
        Customer customer = customer(index);
        List<Label> labels = new ArrayList<>();
        for (LocalDate day = date.minusDays(WINDOW_DAYS - 1); !day.isAfter(date); day = day.plusDays(1)) {
            SplittableRandom random = random(index, ~day.toEpochDay());
            if (random.nextDouble() < LABEL_PROBABILITY) {
                double p = sigmoid(-1.2 + 2.0 * risk(customer, day));
                labels.add(new Label(customer.custId(), customer.tenantId(), day, random.nextDouble() < p ? 1 : 0));
            }
        }
        return labels;
    }

    private Snapshot snapshot(Customer c, LocalDate day, SplittableRandom random) {
        double r = risk(c, day);
        double amount = Math.exp(7.0 - 0.35 * r + 0.6 * gaussian(random));
        int count = Math.max(0, (int) Math.round(20 - 5 * r + 5 * gaussian(random)));
        long tenure = c.tenureAtReference() + day.toEpochDay() - TENURE_REFERENCE_DAY;
        double limit = c.creditLimit();
        long eventSecond = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC) + random.nextInt(86_400);
        return new Snapshot(
                c,
                amount,
                count,
                (int) Math.max(1, tenure),
                amount / Math.max(1, count),
                -Math.log(1 - random.nextDouble()) * 3 * Math.exp(0.6 * r),
                Math.exp(8.0 - 0.3 * r + 0.9 * gaussian(random)),
                limit,
                sigmoid(-0.5 + 0.5 * r + 0.8 * gaussian(random)),
                Math.min(8, 1 + poisson(random, Math.max(0.3, 2 - 0.5 * r))),
                poisson(random, 0.3 * Math.exp(0.7 * r)),
                poisson(random, Math.max(0.5, 15 * Math.exp(-0.5 * r))),
                poisson(random, 0.2 * Math.exp(0.6 * r)),
                c.age(),
                eventSecond,
                day);
    }

    private SplittableRandom random(long index, long salt) {
        return new SplittableRandom(mix(mix(seed, index), salt));
    }

    /** SplitMix64 finalizer over a combination: decorrelates neighbouring seeds and indices. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int pick(SplittableRandom random, double[] weights) {
        double u = random.nextDouble();
        for (int i = 0; i < weights.length - 1; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static int poisson(SplittableRandom random, double lambda) {
        if (lambda > 30) {
            return Math.max(0, (int) Math.round(lambda + Math.sqrt(lambda) * gaussian(random)));
        }
        double limit = Math.exp(-lambda);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** A Brazilian CPF with valid check digits, formatted ###.###.###-##. */
    static String taxId(SplittableRandom random) {
        int[] digits = new int[11];
        for (int i = 0; i < 9; i++) {
            digits[i] = random.nextInt(10);
        }
        digits[9] = cpfCheckDigit(digits, 9);
        digits[10] = cpfCheckDigit(digits, 10);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            text.append(digits[i]);
            if (i == 2 || i == 5) {
                text.append('.');
            } else if (i == 8) {
                text.append('-');
            }
        }
        return text.toString();
    }

    static int cpfCheckDigit(int[] digits, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += digits[i] * (length + 1 - i);
        }
        int rest = (sum * 10) % 11;
        return rest == 10 ? 0 : rest;
    }

    /** The static profile of an entity; the fields after {@code segment} are hidden from the data. */
    public record Customer(
            String custId,
            String tenantId,
            String email,
            String fullName,
            String taxId,
            String region,
            String channel,
            String segment,
            double baseRisk,
            double creditLimit,
            int age,
            double riskPeriodDays,
            double riskPhase,
            int tenureAtReference)
            implements Serializable {}

    /** One row of {@code curated.customer_features}. */
    public record Snapshot(
            Customer customer,
            double amount30d,
            int count30d,
            int tenureDays,
            double avgTicket,
            double daysSinceLastTx,
            double balanceAvg90d,
            double creditLimit,
            double utilizationRatio,
            int nProducts,
            int complaints90d,
            int logins30d,
            int failedPayments90d,
            int ageYears,
            long eventEpochSecond,
            LocalDate eventDate)
            implements Serializable {}

    /** One row of {@code curated.churn_labels}. */
    public record Label(String custId, String tenantId, LocalDate labelDate, int churned) implements Serializable {}
}
