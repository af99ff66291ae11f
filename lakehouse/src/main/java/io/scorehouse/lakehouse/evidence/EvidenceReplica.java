package io.scorehouse.lakehouse.evidence;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.lakehouse.AtomicFiles;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The home's evidence replicated to a filesystem every node reaches ({@code store.evidence-uri},
 * object storage in production): registry artifacts, releases, run manifests, recon reports and
 * evidence sets. The replica is the record; the home is a working copy of it. A process pulls
 * what its home lacks before it reads any evidence and pushes what it wrote before it exits, so
 * any node can run any job and every console reads the same evidence.
 *
 * <p>Files are pushed whole (an object store shows an object only once its upload completed) and
 * pulled aside then renamed, so neither side ever shows half a file. An index in the home records
 * the digest of each file as last pushed or pulled, the replica's version of it then (ETag or
 * modification time) and the local file's size and time (so an unchanged file is not read again): a
 * file changed here is pushed, a file changed in the replica and not here is pulled, a file
 * changed on both keeps this home's copy, which the next push sends (the replica keeps versions
 * when the bucket is versioned).
 */
public final class EvidenceReplica {
    /** The home's directories that hold evidence; scratch (staging, replay), logs, secrets and tables stay local. */
    public static final List<String> ROOTS = List.of("artifacts", "runs", "reports", "evidence");
    /**
     * A run's Prometheus metrics ({@code runs/<job_id>/metrics.prom}, a recon day's): operations data
     * replaced by each attempt, kept next to the evidence but never replicated (a WORM bucket would lock
     * every version of it).
     */
    static final String OPERATIONS_METRICS = ".prom";

    private static final Logger LOG = LogManager.getLogger(EvidenceReplica.class);

    static final String INDEX = "evidence-replica.json";
    /** Object stores have no symbolic links: a link (a recon day's {@code latest}) travels as an object holding its target. */
    static final String LINK = ".symlink";

    /** How old a file's modification time must be before it vouches for unchanged content. */
    private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path home;
    private final URI replica;
    private final Configuration hadoop;

    public EvidenceReplica(Path home, URI replica, Configuration hadoop) {
        this.home = requireNonNull(home, "home is null").toAbsolutePath().normalize();
        String uri = requireNonNull(replica, "replica is null").toString();
        this.replica = URI.create(uri.endsWith("/") ? uri : uri + "/");
        this.hadoop = requireNonNull(hadoop, "hadoop is null");
    }

    /**
     * The replica of {@code config}'s home, when {@code store.evidence-uri} names one; its
     * filesystem settings (e.g. {@code fs.s3a.*}) come from {@code $HADOOP_CONF_DIR/core-site.xml}.
     */
    public static Optional<EvidenceReplica> of(ScorehouseConfig config) {
        return Optional.ofNullable(config.store().evidenceUri())
                .map(uri -> new EvidenceReplica(config.home(), URI.create(uri), hadoopConfiguration(System.getenv())));
    }

    static Configuration hadoopConfiguration(Map<String, String> env) {
        Configuration hadoop = new Configuration();
        String confDir = env.get("HADOOP_CONF_DIR");
        if (confDir != null && !confDir.isBlank() && Files.isRegularFile(Path.of(confDir, "core-site.xml"))) {
            hadoop.addResource(new org.apache.hadoop.fs.Path(
                    Path.of(confDir, "core-site.xml").toUri()));
        }
        return hadoop;
    }

    public URI uri() {
        return replica;
    }

    /**
     * Copies into the home every replicated file it has never had, or holds in a copy that is
     * unchanged here while the replica's changed. A file this home had and removed (a rewritten
     * policy snapshot) is brought back only when the replica has a newer version of it; a file the
     * home holds but never synced with this replica is adopted (see {@link #adopt}). Returns how
     * many files were copied.
     */
    public int pull() {
        long started = System.nanoTime();
        int pulled = 0;
        try (HomeLock lock = HomeLock.of(home);
                FileSystem fs = FileSystem.newInstance(replica, hadoop)) {
            Index index = readIndex();
            try {
                for (LocatedFileStatus file : list(fs).values()) {
                    String name = relative(file.getPath());
                    Entry known = index.files().get(name);
                    if (known == null && Files.exists(local(name), LinkOption.NOFOLLOW_LINKS)) {
                        Adopted adopted = adopt(fs, file, name);
                        index.files().put(name, adopted.entry());
                        pulled += adopted.replaced() ? 1 : 0;
                    } else if (staleHere(name, file, known)) {
                        index.files().put(name, download(fs, file, name));
                        pulled++;
                    }
                }
            } finally {
                writeIndex(index);
            }
        } catch (IOException | UncheckedIOException e) {
            throw unreachable("cannot pull evidence from " + replica, e);
        }
        LOG.info("evidence: pulled {} file(s) from {} in {} ms", pulled, replica, millisSince(started));
        return pulled;
    }

    /**
     * Uploads every evidence file of the home that changed since it was last pushed or pulled, or
     * that the replica lacks (a replica emptied or replaced). Signatures and links go last, so a
     * push cut short never leaves a signature in the replica without the files it signs. Returns how many.
     */
    public int push() {
        long started = System.nanoTime();
        int pushed = 0;
        try (HomeLock lock = HomeLock.of(home);
                FileSystem fs = FileSystem.newInstance(replica, hadoop)) {
            fs.setWriteChecksum(false);
            Index index = readIndex();
            Map<String, LocatedFileStatus> inReplica = list(fs);
            try {
                for (String name : localEvidence()) {
                    Entry known = index.files().get(name);
                    boolean replicaHasIt = inReplica.containsKey(name);
                    if (!Files.exists(local(name), LinkOption.NOFOLLOW_LINKS)) {
                        continue; // removed since the walk (a directory being replaced): nothing to send
                    }
                    Stamp stamp = stamp(name);
                    if (known != null && replicaHasIt && stamp != null && stamp.equals(known.stamp())) {
                        continue;
                    }
                    byte[] content = content(name);
                    String digest = sha256(content);
                    if (known != null && replicaHasIt && known.sha256().equals(digest)) {
                        index.files().put(name, known.restamped(stamp));
                        continue;
                    }
                    index.files().put(name, upload(fs, name, content, digest, stamp));
                    pushed++;
                }
            } finally {
                writeIndex(index);
            }
        } catch (IOException | UncheckedIOException e) {
            throw unreachable(
                    "cannot push evidence to " + replica + " (the home keeps it; the next command pushes it)", e);
        }
        LOG.info("evidence: pushed {} file(s) to {} in {} ms", pushed, replica, millisSince(started));
        return pushed;
    }

    /** The replica's evidence by name: one recursive listing (a few paged LISTs on an object store). */
    private Map<String, LocatedFileStatus> list(FileSystem fs) throws IOException {
        Map<String, LocatedFileStatus> files = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> listing;
        try {
            listing = fs.listFiles(new org.apache.hadoop.fs.Path(replica), true);
        } catch (java.io.FileNotFoundException nothingYet) {
            return files;
        }
        while (listing.hasNext()) {
            LocatedFileStatus file = listing.next();
            String name = relative(file.getPath());
            if (name != null && replicated(name)) {
                files.put(name, file);
            } else {
                LOG.debug("evidence: not evidence, ignored in {}: {}", replica, name);
            }
        }
        return files;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static ScorehouseException unreachable(String why, Exception e) {
        return new ScorehouseException(
                ExitCode.UNEXPECTED, "evidence", why + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    /**
     * Whether the home's copy of a file the index knows (or, missing here, may know) is older than
     * the replica's. A file this home removed after it last synced it is not brought back — unless
     * the replica has a newer version of it since.
     */
    private boolean staleHere(String name, FileStatus remote, Entry known) throws IOException {
        boolean replicaChanged = known == null || !version(remote).equals(known.replicaVersion());
        if (!Files.exists(local(name), LinkOption.NOFOLLOW_LINKS)) {
            return replicaChanged;
        }
        return replicaChanged && known.sha256().equals(digest(name));
    }

    private record Adopted(Entry entry, boolean replaced) {}

    /**
     * A file the home has but never synced with this replica (a new index, a new replica URI): the
     * same content is recorded as synced without a transfer; other content gives way to the
     * replica's, which is the record (pushing it instead would add a version over a newer one).
     */
    private Adopted adopt(FileSystem fs, FileStatus remote, String name) throws IOException {
        byte[] content = read(fs, remote);
        if (sha256(content).equals(digest(name))) {
            return new Adopted(new Entry(sha256(content), version(remote), stamp(name)), false);
        }
        LOG.warn("evidence: {} differs from the replica's copy, which replaces it", name);
        return new Adopted(install(name, content, remote), true);
    }

    private static byte[] read(FileSystem fs, FileStatus remote) throws IOException {
        try (InputStream in = fs.open(remote.getPath())) {
            return in.readAllBytes();
        }
    }

    private Entry download(FileSystem fs, FileStatus remote, String name) throws IOException {
        return install(name, read(fs, remote), remote);
    }

    private Entry install(String name, byte[] content, FileStatus remote) throws IOException {
        Path target = local(name);
        Files.createDirectories(target.getParent());
        Path aside = target.resolveSibling("." + target.getFileName() + "-" + UUID.randomUUID() + ".tmp");
        try {
            if (isLink(name)) {
                Files.createSymbolicLink(aside, linkTarget(target, new String(content, StandardCharsets.UTF_8)));
            } else {
                Files.write(aside, content);
            }
            Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Entry(sha256(content), version(remote), stamp(name));
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    /**
     * Which version of a file the replica holds: an object store's ETag (the same from a listing and
     * from a HEAD, where the modification time is not: a listing has milliseconds, a HEAD whole
     * seconds), else the filesystem's modification time.
     */
    private static String version(FileStatus status) {
        if (status instanceof EtagSource tagged
                && tagged.getEtag() != null
                && !tagged.getEtag().isEmpty()) {
            return "etag:" + tagged.getEtag();
        }
        return "modified:" + status.getModificationTime();
    }

    private Entry upload(FileSystem fs, String name, byte[] content, String digest, Stamp stamp) throws IOException {
        org.apache.hadoop.fs.Path target = remote(name);
        try (OutputStream out = fs.create(target, true)) {
            out.write(content);
        }
        return new Entry(digest, version(fs.getFileStatus(target)), stamp);
    }

    /**
     * The local file's size and modification time, taken before its content is read (a write in
     * between changes the time, so the next push reads it again), or {@code null} while the time is
     * too recent to trust: a file rewritten within the same clock tick keeps its time, so only an
     * older time proves the content unchanged (git's "racily clean" rule).
     */
    private Stamp stamp(String name) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(local(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        long modifiedNanos = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        long nowNanos = Instant.now().toEpochMilli() * 1_000_000;
        return nowNanos - modifiedNanos < RACY_NANOS ? null : new Stamp(attributes.size(), modifiedNanos);
    }

    /** The replica's names of the home's evidence: a file by its path, a symbolic link by its path and {@link #LINK}. */
    private List<String> localEvidence() throws IOException {
        List<String> names = new ArrayList<>();
        for (String root : ROOTS) {
            Path directory = home.resolve(root);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.filter(path -> Files.isSymbolicLink(path) || Files.isRegularFile(path))
                        .map(path -> home.relativize(path).toString().replace('\\', '/')
                                + (Files.isSymbolicLink(path) ? LINK : ""))
                        .filter(EvidenceReplica::replicated)
                        .forEach(names::add);
            }
        }
        names.sort(Comparator.comparing(EvidenceReplica::sealsOthers).thenComparing(Comparator.naturalOrder()));
        return names;
    }

    /** A signature or a link: it vouches for or points at other files, so it travels after them. */
    private static boolean sealsOthers(String name) {
        return isLink(name) || name.endsWith(".dsse.json") || name.endsWith(".sig.json");
    }

    private Path local(String name) {
        return home.resolve(isLink(name) ? name.substring(0, name.length() - LINK.length()) : name);
    }

    private byte[] content(String name) throws IOException {
        Path local = local(name);
        return isLink(name)
                ? Files.readSymbolicLink(local).toString().getBytes(StandardCharsets.UTF_8)
                : Files.readAllBytes(local);
    }

    private String digest(String name) throws IOException {
        return sha256(content(name));
    }

    private static boolean isLink(String name) {
        return name.endsWith(LINK);
    }

    /** A replicated link may only point within its own directory tree: a replica cannot make the home read elsewhere. */
    private static Path linkTarget(Path link, String target) {
        Path relative = Path.of(target);
        Path resolved = link.getParent().resolve(relative).normalize();
        if (relative.isAbsolute() || !resolved.startsWith(link.getParent())) {
            throw new ScorehouseException(
                    ExitCode.INTEGRITY,
                    "evidence",
                    "the replica's link " + link + " points outside its directory (" + target + "); not followed");
        }
        return relative;
    }

    /**
     * Whether {@code name} is evidence: under one of the {@link #ROOTS}, and not a hidden entry (a
     * store's staging area, a filesystem's checksum file), a file being written nor a run's metrics.
     */
    static boolean replicated(String name) {
        if (!ROOTS.contains(name.substring(0, Math.max(name.indexOf('/'), 0)))) {
            return false;
        }
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.startsWith(".") || part.startsWith("_temporary")) {
                return false;
            }
        }
        return !name.endsWith(".tmp") && !name.endsWith(OPERATIONS_METRICS);
    }

    private org.apache.hadoop.fs.Path remote(String name) {
        return new org.apache.hadoop.fs.Path(replica.resolve(name));
    }

    /** {@code path}'s name inside the replica, or {@code null} for a path that is not inside it. */
    private String relative(org.apache.hadoop.fs.Path path) {
        String full = path.toUri().getPath();
        String base = replica.getPath();
        return full.startsWith(base) ? full.substring(base.length()) : null;
    }

    /** The index of this home for this replica; an index kept for another replica (a new URI) starts over. */
    private Index readIndex() {
        Path file = home.resolve(INDEX);
        if (!Files.exists(file)) {
            return new Index(replica.toString(), new TreeMap<>());
        }
        try {
            Index index = JSON.readValue(file.toFile(), Index.class);
            return replica.toString().equals(index.replica())
                    ? new Index(index.replica(), new TreeMap<>(index.files()))
                    : new Index(replica.toString(), new TreeMap<>());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the evidence replica index " + file, e);
        }
    }

    private void writeIndex(Index index) {
        Path file = home.resolve(INDEX);
        try {
            AtomicFiles.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evidence replica index " + file, e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /**
     * What the index knows of one file.
     *
     * @param sha256          its digest when last pushed or pulled
     * @param replicaVersion  the replica's version of it then (see {@link #version})
     * @param stamp           the local file's size and time then, when old enough to trust (see {@link #stamp})
     */
    record Entry(String sha256, String replicaVersion, Stamp stamp) {
        Entry restamped(Stamp now) {
            return new Entry(sha256, replicaVersion, now);
        }
    }

    /** A local file's size and modification time: unchanged, they spare reading the file again. */
    record Stamp(long size, long modifiedNanos) {}

    /** What this home knows of one replica: the replica's URI and an {@link Entry} per file. */
    record Index(String replica, Map<String, Entry> files) {}

    /**
     * One sync at a time per home: the console and the Spark job it starts share a home, and two
     * syncs interleaving their index writes would lose entries (and re-upload, i.e. add locked versions).
     */
    private record HomeLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        static HomeLock of(Path home) throws IOException {
            Files.createDirectories(home);
            FileChannel channel = FileChannel.open(
                    home.resolve(INDEX + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new HomeLock(channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
