package dev.brisk.bench;

import dev.brisk.datasets.Blobs;
import dev.brisk.engine.io.Json;
import dev.brisk.engine.kernels.Kernels;
import dev.brisk.engine.kernels.Parallel;
import dev.brisk.marketing.segment.KMeans;
import dev.brisk.marketing.segment.KMeansResult;
import dev.brisk.marketing.segment.MatrixCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Our side of the k-means comparison with scikit-learn ({@code ../shared/peers/sklearn_kmeans.py}),
 * measured the way the peer measures itself, on the very same data.
 *
 * <pre>
 *   KMeansCompare blobs --n 1000000 --d 8 --k 5 --std 3 --seed 0 --out blobs.csv
 *   KMeansCompare lloyd --input blobs.csv --init sk-blobs.csv-init.csv --k 5 [--iters 50] [--repeats 5] [--threads 1,2] [--json out.jsonl]
 *   KMeansCompare full  --input blobs.csv --k 5 [--seeds 5] [--threads 1,2] [--json out.jsonl]
 *   KMeansCompare compare OURS.jsonl PEER.log
 * </pre>
 *
 * <ul>
 *   <li>{@code blobs} writes make_blobs-style data ({@link Blobs}: centres uniform in (-10, 10), the
 *       rows split evenly, normal noise of deviation {@code --std}, shuffled, seeded) as a headerless
 *       CSV whose numbers read back as exactly the same floats, in Java and in numpy (float32).</li>
 *   <li>{@code lloyd}: Lloyd iterations from the peer's initial centres (its {@code --save-init}
 *       file): {@code KMeans} with those centres, tolerance 0 and {@code --iters} iterations, as the
 *       peer's {@code KMeans(init=array, tol=0, max_iter=iters)}; a whole {@code fit} is timed
 *       (packing the data included) and divided by the iterations it ran, as the peer does.</li>
 *   <li>{@code full}: k-means++ then Lloyd to tolerance 1e-4 for seeds 0 .. {@code --seeds}-1, as the
 *       peer's full fit: median seconds, median inertia.</li>
 *   <li>{@code compare}: our JSON lines against the peer's final {@code JSON {...}} line.</li>
 * </ul>
 *
 * Before any timing, each thread count gets untimed fits for {@code --warmup} seconds (default 2,
 * at least one fit), so that the timings are of compiled code: the JIT compiles the kernels
 * meanwhile, a cost each JVM pays once. The first fit's time is reported as {@code first_fit_secs}.
 * Threads are set with {@link Parallel#setThreads} and {@link KMeans#threads}.
 */
public final class KMeansCompare {

    private KMeansCompare() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].endsWith("help") || args[0].equals("-h")) {
            usage();
            return;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "blobs" -> blobs(options(rest));
            case "lloyd" -> lloyd(options(rest));
            case "full" -> full(options(rest));
            case "compare" -> {
                if (rest.size() != 2) {
                    usage();
                    System.exit(2);
                }
                compare(Path.of(rest.get(0)), Path.of(rest.get(1)));
            }
            default -> {
                System.err.println("KMeansCompare: unknown command '" + args[0] + "'");
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.out.println("""
                usage:
                  KMeansCompare blobs --n N --d D --k K [--std 1] [--seed 0] --out FILE.csv
                  KMeansCompare lloyd --input FILE.csv --init INIT.csv --k K [--iters 50] [--repeats 5] [--threads 1,2]
                                      [--warmup 2] [--json OUT.jsonl]
                  KMeansCompare full  --input FILE.csv --k K [--seeds 5] [--threads 1,2] [--warmup 2] [--json OUT.jsonl]
                  KMeansCompare compare OURS.jsonl PEER.log""");
    }

    // ------------------------------------------------------------------ blobs

    private static void blobs(Map<String, String> o) throws IOException {
        int n = Integer.parseInt(need(o, "n"));
        int d = Integer.parseInt(need(o, "d"));
        int k = Integer.parseInt(need(o, "k"));
        double std = Double.parseDouble(o.getOrDefault("std", "1"));
        long seed = Long.parseLong(o.getOrDefault("seed", "0"));
        Path out = Path.of(need(o, "out"));
        long t0 = System.nanoTime();
        Blobs b = Blobs.generate(n, d, k, std, seed);
        writeCsv(out, b.data(), n, d);
        System.out.printf(Locale.ROOT, "wrote %s: %,d x %d, %d blobs, std %g, seed %d (%.1f s)%n", out, n, d, k, std,
                seed, (System.nanoTime() - t0) / 1e9);
    }

    /** Writes rows as CSV with {@link MatrixCsv}: every float reads back the same in Java and in numpy. */
    static void writeCsv(Path out, float[] data, int rows, int cols) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        MatrixCsv.write(out, data, rows, cols);
    }

    /** A numeric CSV without header: all rows the same number of columns. */
    record Matrix(float[] data, int rows, int cols) {
    }

    static Matrix readCsv(Path file) throws IOException {
        float[] data = new float[1 << 16];
        int size = 0;
        int cols = -1;
        int rows = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                int c = 0;
                int start = 0;
                while (true) {
                    int comma = line.indexOf(',', start);
                    String field = (comma < 0 ? line.substring(start) : line.substring(start, comma)).trim();
                    if (size == data.length) {
                        data = Arrays.copyOf(data, data.length * 2);
                    }
                    try {
                        data[size++] = Float.parseFloat(field);
                    } catch (NumberFormatException e) {
                        throw new IOException(file + ", line " + lineNo + ", field " + (c + 1) + ": not a number: '"
                                + field + "'");
                    }
                    c++;
                    if (comma < 0) {
                        break;
                    }
                    start = comma + 1;
                }
                if (cols < 0) {
                    cols = c;
                } else if (c != cols) {
                    throw new IOException(file + ", line " + lineNo + ": " + c + " fields, line 1 has " + cols);
                }
                rows++;
            }
        }
        if (rows == 0) {
            throw new IOException(file + ": no rows");
        }
        return new Matrix(Arrays.copyOf(data, size), rows, cols);
    }

    // ------------------------------------------------------------------ lloyd

    private static void lloyd(Map<String, String> o) throws IOException {
        Path input = Path.of(need(o, "input"));
        Matrix x = readCsv(input);
        Matrix init = readCsv(Path.of(need(o, "init")));
        int k = Integer.parseInt(need(o, "k"));
        if (init.rows() != k || init.cols() != x.cols()) {
            throw new IllegalArgumentException("lloyd: the initial centres are " + init.rows() + " x " + init.cols()
                    + ", expected k x cols = " + k + " x " + x.cols());
        }
        int iters = Integer.parseInt(o.getOrDefault("iters", "50"));
        int repeats = Integer.parseInt(o.getOrDefault("repeats", "5"));
        header("lloyd", input, x, k);
        Map<Integer, Double> first = new LinkedHashMap<>();
        for (int threads : threads(o)) { // all warm-ups first: the JIT's background compiles then stay out of the timings
            Parallel.setThreads(threads);
            first.put(threads, warmUp(lloydFit(x, init, k, iters, threads), x, o));
        }
        try (PrintWriter json = openJson(o)) {
            for (int threads : threads(o)) {
                Parallel.setThreads(threads);
                KMeans km = lloydFit(x, init, k, iters, threads);
                List<Double> msPerIter = new ArrayList<>();
                KMeansResult last = null;
                for (int r = 0; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    last = km.fit(x.data(), x.rows(), x.cols());
                    double ms = (System.nanoTime() - t0) / 1e6;
                    msPerIter.add(ms / last.iterations());
                }
                System.out.printf(Locale.ROOT, "%s threads=%d: lloyd %.3f ms/iter [%.3f-%.3f] over %d iters, inertia %.7g"
                                + " (first fit %.2f s)%n", input.getFileName(), threads, median(msPerIter),
                        Collections.min(msPerIter), Collections.max(msPerIter), last.iterations(), last.inertia(),
                        first.get(threads));
                Map<String, Object> rec = record("lloyd", input, x, k, threads);
                rec.put("lloyd_iters", last.iterations());
                rec.put("lloyd_ms_per_iter_median", median(msPerIter));
                rec.put("lloyd_ms_per_iter_min", Collections.min(msPerIter));
                rec.put("lloyd_ms_per_iter_max", Collections.max(msPerIter));
                rec.put("lloyd_inertia", last.inertia());
                rec.put("repeats", repeats);
                rec.put("first_fit_secs", first.get(threads));
                writeJson(json, rec);
            }
        }
    }

    // ------------------------------------------------------------------ full

    private static void full(Map<String, String> o) throws IOException {
        Path input = Path.of(need(o, "input"));
        Matrix x = readCsv(input);
        int k = Integer.parseInt(need(o, "k"));
        int seeds = Integer.parseInt(o.getOrDefault("seeds", "5"));
        header("full", input, x, k);
        Map<Integer, Double> first = new LinkedHashMap<>();
        for (int threads : threads(o)) {
            Parallel.setThreads(threads);
            first.put(threads, warmUpSeeds(k, seeds, threads, x, o));
        }
        try (PrintWriter json = openJson(o)) {
            for (int threads : threads(o)) {
                Parallel.setThreads(threads);
                List<Double> secs = new ArrayList<>();
                List<Double> inertia = new ArrayList<>();
                List<Integer> iters = new ArrayList<>();
                for (int seed = 0; seed < seeds; seed++) {
                    double[] t = timeFit(new KMeans(k).seed(seed).threads(threads), x);
                    secs.add(t[0]);
                    inertia.add(t[1]);
                    iters.add((int) t[2]);
                }
                System.out.printf(Locale.ROOT, "%s threads=%d: full fit %.4fs [%.4f-%.4f] iters=%s inertia(median)=%.7g"
                                + " (first fit %.2f s)%n", input.getFileName(), threads, median(secs), Collections.min(secs),
                        Collections.max(secs), iters, median(inertia), first.get(threads));
                Map<String, Object> rec = record("full", input, x, k, threads);
                rec.put("full_secs_median", median(secs));
                rec.put("full_secs_min", Collections.min(secs));
                rec.put("full_secs_max", Collections.max(secs));
                rec.put("full_iters", iters);
                rec.put("full_inertia_median", median(inertia));
                rec.put("full_inertias", inertia);
                rec.put("seeds", seeds);
                rec.put("first_fit_secs", first.get(threads));
                writeJson(json, rec);
            }
        }
    }

    /**
     * Untimed fits until {@code --warmup} seconds (default 2) have passed, at least one: the JIT
     * compiles the kernels while they run, a one-time cost of every JVM. Returns the first fit's
     * seconds, which include that cost.
     */
    private static double warmUp(KMeans km, Matrix x, Map<String, String> o) {
        double budget = Double.parseDouble(o.getOrDefault("warmup", "2"));
        long start = System.nanoTime();
        double first = timeFit(km, x)[0];
        while ((System.nanoTime() - start) / 1e9 < budget) {
            timeFit(km, x);
        }
        return first;
    }

    /**
     * {@link #warmUp} for full fits, cycling through the seeds to be timed: each seed's k-means++
     * draws take their own branches (empty clusters, rows that never move), which the JIT should
     * have seen before the timing, or it recompiles during it.
     */
    private static double warmUpSeeds(int k, int seeds, int threads, Matrix x, Map<String, String> o) {
        double budget = Double.parseDouble(o.getOrDefault("warmup", "2"));
        long start = System.nanoTime();
        double first = timeFit(new KMeans(k).seed(0).threads(threads), x)[0];
        for (int seed = 1; seed < seeds || (System.nanoTime() - start) / 1e9 < budget; seed++) {
            timeFit(new KMeans(k).seed(seed % seeds).threads(threads), x);
        }
        return first;
    }

    /** The peer's Lloyd measurement: from the given centres, tolerance 0, exactly {@code iters} iterations at most. */
    private static KMeans lloydFit(Matrix x, Matrix init, int k, int iters, int threads) {
        return new KMeans(k).initialCentres(init.data(), x.cols()).tolerance(0).maxIterations(iters).threads(threads);
    }

    /** {seconds, inertia, iterations} of one fit. */
    private static double[] timeFit(KMeans km, Matrix x) {
        long t0 = System.nanoTime();
        KMeansResult r = km.fit(x.data(), x.rows(), x.cols());
        return new double[]{(System.nanoTime() - t0) / 1e9, r.inertia(), r.iterations()};
    }

    // ------------------------------------------------------------------ compare

    /**
     * Joins our records with the peer's on (case, threads): Lloyd ms/iter and full-fit seconds with
     * the speed-up (theirs / ours), and the median inertia's relative difference.
     */
    private static void compare(Path ours, Path peerLog) throws IOException {
        Map<String, Map<String, Object>> mine = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ours, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> rec = Json.parseObject(line);
            if ("kmeans".equals(rec.get("bench"))) {
                mine.computeIfAbsent(key(rec), x -> new LinkedHashMap<>()).putAll(rec);
            }
        }
        String peerJson = null;
        for (String line : Files.readAllLines(peerLog, StandardCharsets.UTF_8)) {
            if (line.startsWith("JSON ")) {
                peerJson = line.substring(5);
            }
        }
        if (peerJson == null) {
            throw new IllegalArgumentException("compare: no 'JSON {...}' line in " + peerLog + " (did the peer finish?)");
        }
        Map<String, Map<?, ?>> theirs = new LinkedHashMap<>();
        for (Object o : (List<?>) Json.parseObject(peerJson).get("results")) {
            Map<?, ?> r = (Map<?, ?>) o;
            theirs.put(r.get("case") + "|" + ((Number) r.get("threads")).intValue(), r);
        }
        System.out.printf("k-means: brisk (%s) vs scikit-learn (%s); speed-up = sklearn time / brisk time%n",
                ours.getFileName(), peerLog.getFileName());
        System.out.printf("%-32s %2s | %9s %9s %7s | %8s %8s %7s | %13s %13s %8s%n", "case", "T",
                "lloyd ms", "sklearn", "speedup", "full s", "sklearn", "speedup", "inertia", "sklearn", "diff");
        List<String> keys = new ArrayList<>(mine.keySet());
        for (String k : theirs.keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        for (String key : keys) {
            Map<String, Object> a = mine.getOrDefault(key, Map.of());
            Map<?, ?> b = theirs.getOrDefault(key, Map.of());
            Double la = num(a.get("lloyd_ms_per_iter_median"));
            Double lb = num(b.get("lloyd_ms_per_iter_median"));
            Double fa = num(a.get("full_secs_median"));
            Double fb = num(b.get("full_secs_median"));
            Double ia = num(a.get("full_inertia_median"));
            Double ib = num(b.get("full_inertia_median"));
            String[] parts = key.split("\\|");
            System.out.printf(Locale.ROOT, "%-32s %2s | %9s %9s %7s | %8s %8s %7s | %13s %13s %8s%n", parts[0], parts[1],
                    fmt(la, "%.3f"), fmt(lb, "%.3f"), ratio(lb, la), fmt(fa, "%.4f"), fmt(fb, "%.4f"), ratio(fb, fa),
                    fmt(ia, "%.7g"), fmt(ib, "%.7g"),
                    ia != null && ib != null ? String.format(Locale.ROOT, "%+.3f%%", 100 * (ia / ib - 1)) : "-");
        }
    }

    private static String key(Map<String, Object> rec) {
        return rec.get("case") + "|" + ((Number) rec.get("threads")).intValue();
    }

    private static Double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    private static String fmt(Double v, String f) {
        return v == null ? "-" : String.format(Locale.ROOT, f, v);
    }

    private static String ratio(Double theirs, Double ours) {
        return theirs == null || ours == null || ours == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", theirs / ours);
    }

    // ------------------------------------------------------------------ plumbing

    private static final String STARTED = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    private static void header(String what, Path input, Matrix x, int k) {
        System.out.printf(Locale.ROOT, "Brisk k-means %s, %s: %s, %,d x %d, k=%d | kernels %s | java %s | %s, %d processors"
                        + " | load average %s%n", what, STARTED, input.getFileName(), x.rows(), x.cols(), k,
                Kernels.get().name(), System.getProperty("java.version"), Report.cpuModel(),
                Runtime.getRuntime().availableProcessors(), Report.loadAverage());
    }

    private static Map<String, Object> record(String kind, Path input, Matrix x, int k, int threads) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("bench", "kmeans");
        rec.put("kind", kind);
        rec.put("case", input.getFileName().toString()); // the peer names a case by the input's file name
        rec.put("N", x.rows());
        rec.put("d", x.cols());
        rec.put("k", k);
        rec.put("threads", threads);
        rec.put("kernels", Kernels.get().name());
        rec.put("java", System.getProperty("java.version"));
        rec.put("cpu", Report.cpuModel());
        rec.put("processors", Runtime.getRuntime().availableProcessors());
        rec.put("load_average", Report.loadAverage());
        rec.put("started", STARTED);
        return rec;
    }

    private static List<Integer> threads(Map<String, String> o) {
        List<Integer> out = new ArrayList<>();
        for (String t : o.getOrDefault("threads", "1,2").split(",")) {
            out.add(Integer.parseInt(t.trim()));
        }
        return out;
    }

    private static double median(List<? extends Number> values) {
        double[] v = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("KMeansCompare: expected '--option value', got '" + a + "'");
            }
            o.put(a.replaceFirst("^--?", ""), args.get(++i));
        }
        return o;
    }

    private static String need(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            throw new IllegalArgumentException("KMeansCompare: --" + key + " is required");
        }
        return v;
    }

    private static PrintWriter openJson(Map<String, String> o) throws IOException {
        String path = o.get("json");
        if (path == null) {
            return null;
        }
        Path p = Path.of(path).toAbsolutePath();
        Files.createDirectories(p.getParent());
        // appended: the lloyd and full runs of a sitting go to one file
        return new PrintWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND));
    }

    private static void writeJson(PrintWriter json, Map<String, Object> rec) {
        System.out.println("JSON " + Json.write(rec));
        if (json != null) {
            json.println(Json.write(rec));
            json.flush();
        }
    }
}
