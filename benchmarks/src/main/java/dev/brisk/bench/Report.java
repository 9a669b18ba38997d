package dev.brisk.bench;

import dev.brisk.engine.io.Json;
import dev.brisk.engine.kernels.Kernels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks one parameter combination at a time and prints what a reader wants: time
 * per call and GFLOP/s (sgemm) or GB/s (elementwise), median and range over the measurement
 * iterations, the way the numpy peer reports its own runs.
 *
 * <pre>
 *   Report sgemm       [--threads 1,2] [--shapes B32_fwd1,256x256x256:NN] [--json out.jsonl] [--quick]
 *   Report elementwise [--ops add,adam] [--n 4096] [--impl vector,scalar] [--json out.jsonl] [--quick]
 *   Report compare OURS.jsonl NUMPY.log
 * </pre>
 *
 * Common options: {@code -f N} forks, {@code -wi N} / {@code -w SECONDS} warm-up iterations and
 * their length, {@code -i N} / {@code -r SECONDS} measurement iterations and their length (defaults:
 * the benchmark's annotations), {@code --quick} (1 × 0.5 s warm-up, 3 × 0.5 s measurement: a smoke
 * test, not a result), {@code --verbose} (show JMH's own output, e.g. to see why a fork failed).
 * Options take one dash or two.
 *
 * <p>Each combination runs in its own JMH fork, one after another, never two at once; the hypervisor
 * "steal" ticks during each are printed, since on a small VM they explain outliers.
 */
public final class Report {

    private Report() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].endsWith("-h") || args[0].endsWith("help")) {
            usage(System.out);
            return;
        }
        String cmd = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (cmd) {
            case "sgemm" -> sgemm(Options.parse(rest));
            case "elementwise" -> elementwise(Options.parse(rest));
            case "compare" -> {
                if (rest.size() != 2) {
                    usage(System.err);
                    System.exit(2);
                }
                compare(Path.of(rest.get(0)), Path.of(rest.get(1)));
            }
            default -> {
                System.err.println("Report: unknown command '" + cmd + "'");
                usage(System.err);
                System.exit(2);
            }
        }
    }

    private static void usage(java.io.PrintStream out) {
        out.println("""
                usage:
                  Report sgemm       [--threads 1,2] [--shapes ID,...] [--json FILE] [--quick]
                  Report elementwise [--ops add,relu,sigmoid,dropout,sum,softmaxCrossEntropy,adam]
                                     [--n 4096,1048576] [--impl vector,scalar] [--json FILE] [--quick]
                  Report compare OURS.jsonl NUMPY.log      ratio of GFLOP/s, ours / the numpy peer's
                common: -f FORKS -wi N -w SECONDS -i N -r SECONDS --quick --verbose
                sgemm shape ids:""" + " " + String.join(" ", SgemmShapes.ALL.keySet()));
    }

    // ------------------------------------------------------------------ options

    /** Parsed command-line options: {@code --key value} pairs and boolean flags. */
    private record Options(Map<String, String> values, Set<String> flags) {

        private static final Set<String> FLAGS = Set.of("quick", "verbose");

        static Options parse(List<String> args) {
            Map<String, String> values = new LinkedHashMap<>();
            Set<String> flags = new LinkedHashSet<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("-")) {
                    throw new IllegalArgumentException("Report: expected an option, got '" + a + "'");
                }
                String key = a.replaceFirst("^--?", "");
                if (FLAGS.contains(key)) {
                    flags.add(key);
                } else if (i + 1 < args.size()) {
                    values.put(key, args.get(++i));
                } else {
                    throw new IllegalArgumentException("Report: option " + a + " needs a value");
                }
            }
            return new Options(values, flags);
        }

        List<String> list(String key, List<String> defaults) {
            String v = values.get(key);
            if (v == null || v.isBlank()) {
                return defaults;
            }
            List<String> out = new ArrayList<>();
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }

        boolean quick() {
            return flags.contains("quick");
        }

        /** The JMH run settings, annotations' defaults unless overridden. */
        ChainedOptionsBuilder jmh(String benchmark) {
            ChainedOptionsBuilder ob = new OptionsBuilder()
                    .include("^" + Pattern.quote(benchmark) + "$")
                    .verbosity(flags.contains("verbose") ? VerboseMode.NORMAL : VerboseMode.SILENT)
                    .shouldFailOnError(true);
            if (quick()) {
                ob.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(500))
                        .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
            }
            if (values.containsKey("f")) {
                ob.forks(Integer.parseInt(values.get("f")));
            }
            if (values.containsKey("wi")) {
                ob.warmupIterations(Integer.parseInt(values.get("wi")));
            }
            if (values.containsKey("w")) {
                ob.warmupTime(seconds(values.get("w")));
            }
            if (values.containsKey("i")) {
                ob.measurementIterations(Integer.parseInt(values.get("i")));
            }
            if (values.containsKey("r")) {
                ob.measurementTime(seconds(values.get("r")));
            }
            return ob;
        }

        /** What the run settings are, for the report's header. */
        String describe(Class<?> bench) {
            Fork f = bench.getAnnotation(Fork.class);
            Warmup w = bench.getAnnotation(Warmup.class);
            Measurement m = bench.getAnnotation(Measurement.class);
            String forks = String.valueOf(f.value());
            String wi = String.valueOf(w.iterations());
            String wt = w.time() + " s";
            String mi = String.valueOf(m.iterations());
            String mt = m.time() + " s";
            if (quick()) {
                forks = "1";
                wi = "1";
                wt = "0.5 s";
                mi = "3";
                mt = "0.5 s";
            }
            forks = values.getOrDefault("f", forks);
            wi = values.getOrDefault("wi", wi);
            wt = values.containsKey("w") ? values.get("w") + " s" : wt;
            mi = values.getOrDefault("i", mi);
            mt = values.containsKey("r") ? values.get("r") + " s" : mt;
            return "forks " + forks + ", warm-up " + wi + " x " + wt + ", measurement " + mi + " x " + mt
                    + (quick() ? " (--quick: a smoke test, not a result)" : "");
        }

        private static TimeValue seconds(String s) {
            return TimeValue.milliseconds(Math.round(Double.parseDouble(s) * 1000));
        }
    }

    // ------------------------------------------------------------------ running one combination

    /** Per-iteration times of one combination (µs per call), across all forks, and JMH's own summary. */
    private record Measured(List<Double> us, double mean, double error, int forks, long steal) {

        double median() {
            List<Double> s = new ArrayList<>(us);
            Collections.sort(s);
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }

        double min() {
            return Collections.min(us);
        }

        double max() {
            return Collections.max(us);
        }
    }

    private static Measured measure(Options opts, String benchmark, Map<String, String> params) throws RunnerException {
        ChainedOptionsBuilder ob = opts.jmh(benchmark);
        params.forEach((k, v) -> ob.param(k, v));
        long steal0 = stealTicks();
        Collection<RunResult> results = new Runner(ob.build()).run();
        long steal = stealTicks() - steal0;
        List<Double> us = new ArrayList<>();
        double mean = Double.NaN;
        double error = Double.NaN;
        int forks = 0;
        for (RunResult r : results) {
            String unit = r.getPrimaryResult().getScoreUnit();
            if (!unit.equals("us/op")) {
                throw new IllegalStateException(benchmark + ": expected scores in us/op, got " + unit);
            }
            mean = r.getPrimaryResult().getScore();
            error = r.getPrimaryResult().getScoreError();
            for (BenchmarkResult br : r.getBenchmarkResults()) {
                forks++;
                for (IterationResult ir : br.getIterationResults()) {
                    us.add(ir.getPrimaryResult().getScore());
                }
            }
        }
        if (us.isEmpty()) {
            throw new IllegalStateException(benchmark + " " + params + ": JMH returned no results (rerun with --verbose)");
        }
        return new Measured(us, mean, error, forks, steal);
    }

    // ------------------------------------------------------------------ sgemm

    private static void sgemm(Options opts) throws Exception {
        List<String> shapes = opts.list("shapes", new ArrayList<>(SgemmShapes.ALL.keySet()));
        shapes.forEach(SgemmShapes::of); // fail now, not after minutes of measuring
        List<String> threads = opts.list("threads", List.of("1", "2"));
        header("sgemm", opts.describe(SgemmBench.class), shapes.size() * threads.size());
        try (PrintWriter json = openJson(opts)) {
            for (String t : threads) {
                System.out.printf("%n--- brisk %s, %s thread(s) ---%n", Kernels.get().name(), t);
                System.out.printf("%-34s %11s %8s %8s %10s %9s %5s%n",
                        "shape", "GFLOP/s med", "min", "max", "us/call", "±99.9%", "steal");
                for (String id : shapes) {
                    SgemmShapes.Shape s = SgemmShapes.of(id);
                    Measured r = measure(opts, SgemmBench.class.getName() + ".sgemm",
                            Map.of("shape", id, "threads", t));
                    double gMed = s.flops() / (r.median() * 1e3); // flops / (µs · 1e3) = GFLOP/s
                    double gMin = s.flops() / (r.max() * 1e3);
                    double gMax = s.flops() / (r.min() * 1e3);
                    System.out.printf(Locale.ROOT, "%-34s %11.1f %8.1f %8.1f %10.2f %9.2f %5d%n",
                            s.label(), gMed, gMin, gMax, r.median(), r.error(), r.steal());
                    Map<String, Object> rec = new LinkedHashMap<>();
                    rec.put("bench", "sgemm");
                    rec.put("id", id);
                    rec.put("name", s.label());
                    rec.put("m", s.m());
                    rec.put("n", s.n());
                    rec.put("k", s.k());
                    rec.put("transA", s.transA());
                    rec.put("transB", s.transB());
                    rec.put("threads", Integer.parseInt(t));
                    rec.put("gflops_median", gMed);
                    rec.put("gflops_min", gMin);
                    rec.put("gflops_max", gMax);
                    timings(rec, r);
                    provenance(rec, Kernels.get().name(), opts);
                    writeJson(json, rec);
                }
            }
        }
    }

    // ------------------------------------------------------------------ elementwise

    private static final List<String> SIZED_OPS = List.of("add", "relu", "sigmoid", "dropout", "sum");
    private static final List<String> ALL_OPS = List.of("add", "relu", "sigmoid", "dropout", "sum",
            "softmaxCrossEntropy", "adam");

    private static void elementwise(Options opts) throws Exception {
        List<String> ops = opts.list("ops", ALL_OPS);
        for (String op : ops) {
            if (!ALL_OPS.contains(op)) {
                throw new IllegalArgumentException("elementwise: unknown op '" + op + "', expected one of " + ALL_OPS);
            }
        }
        List<String> sizes = opts.list("n", List.of("4096", "1048576"));
        List<String> impls = opts.list("impl", List.of("vector", "scalar"));
        int combos = 0;
        for (String op : ops) {
            combos += (SIZED_OPS.contains(op) ? sizes.size() : 1) * impls.size();
        }
        header("elementwise", opts.describe(ElementwiseBench.class), combos);
        StringBuilder head = new StringBuilder(String.format("%-20s %8s %9s", "op", "n", "KiB/call"));
        for (String impl : impls) {
            head.append(String.format(" %12s %9s", impl + " us", "GB/s"));
        }
        if (impls.contains("vector") && impls.contains("scalar")) {
            head.append(String.format(" %8s", "speedup"));
        }
        head.append(String.format(" %5s", "steal"));
        System.out.println();
        System.out.println(head);
        try (PrintWriter json = openJson(opts)) {
            for (String op : ops) {
                List<String> ns = SIZED_OPS.contains(op) ? sizes
                        : List.of(String.valueOf(op.equals("adam") ? ElementwiseBench.ADAM_N
                                : ElementwiseBench.SOFTMAX_ROWS * ElementwiseBench.SOFTMAX_COLS));
                for (String n : ns) {
                    int count = Integer.parseInt(n);
                    long bytes = ElementwiseBench.bytesPerCall(op, count);
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-20s %8d %9.1f", op, count, bytes / 1024.0));
                    Map<String, Double> median = new LinkedHashMap<>();
                    long steal = 0;
                    for (String impl : impls) {
                        Map<String, String> params = new LinkedHashMap<>();
                        params.put("impl", impl);
                        if (SIZED_OPS.contains(op)) {
                            params.put("n", n);
                        }
                        Measured r = measure(opts, ElementwiseBench.class.getName() + "." + op, params);
                        steal += r.steal();
                        double gbMed = bytes / (r.median() * 1e3); // bytes / (µs · 1e3) = GB/s
                        median.put(impl, r.median());
                        row.append(String.format(Locale.ROOT, " %12.3f %9.2f", r.median(), gbMed));
                        Map<String, Object> rec = new LinkedHashMap<>();
                        rec.put("bench", "elementwise");
                        rec.put("op", op);
                        rec.put("n", count);
                        rec.put("impl", impl);
                        rec.put("bytes_per_call", bytes);
                        rec.put("gbps_median", gbMed);
                        rec.put("gbps_min", bytes / (r.max() * 1e3));
                        rec.put("gbps_max", bytes / (r.min() * 1e3));
                        timings(rec, r);
                        provenance(rec, impl.equals("scalar") ? Kernels.scalar().name() : Kernels.get().name(), opts);
                        writeJson(json, rec);
                    }
                    if (median.containsKey("vector") && median.containsKey("scalar")) {
                        row.append(String.format(Locale.ROOT, " %7.2fx", median.get("scalar") / median.get("vector")));
                    }
                    row.append(String.format(" %5d", steal));
                    System.out.println(row);
                }
            }
        }
    }

    // ------------------------------------------------------------------ compare with the numpy peer

    /**
     * Joins our sgemm JSON lines with the peer's final {@code JSON {...}} line on (shape name, threads)
     * and prints ours / theirs, median GFLOP/s against median GFLOP/s.
     */
    private static void compare(Path ours, Path peerLog) throws IOException {
        Map<String, Double> mine = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ours, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> rec = (Map<String, Object>) Json.parse(line);
            if ("sgemm".equals(rec.get("bench"))) {
                mine.put(key((String) rec.get("name"), ((Number) rec.get("threads")).intValue()),
                        ((Number) rec.get("gflops_median")).doubleValue());
            }
        }
        String peerJson = null;
        for (String line : Files.readAllLines(peerLog, StandardCharsets.UTF_8)) {
            if (line.startsWith("JSON ")) {
                peerJson = line.substring(5); // the last one wins
            }
        }
        if (peerJson == null) {
            throw new IllegalArgumentException("compare: no 'JSON {...}' line in " + peerLog + " (did the peer finish?)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> peer = (Map<String, Object>) Json.parse(peerJson);
        String lib = String.valueOf(peer.get("lib"));
        Map<String, Double> theirs = new LinkedHashMap<>();
        Set<Integer> threads = new TreeSet<>();
        for (Object o : (List<?>) peer.get("results")) {
            Map<?, ?> r = (Map<?, ?>) o;
            int t = ((Number) r.get("threads")).intValue();
            threads.add(t);
            theirs.put(key((String) r.get("name"), t), ((Number) r.get("gflops_median")).doubleValue());
        }
        for (String k : mine.keySet()) {
            threads.add(Integer.parseInt(k.substring(k.lastIndexOf('|') + 1)));
        }

        System.out.printf("GFLOP/s, median over iterations: brisk (%s) vs %s (%s, arch %s)%n",
                ours.getFileName(), lib, peerLog.getFileName(), peer.get("arch"));
        StringBuilder head = new StringBuilder(String.format("%-34s", "shape"));
        for (int t : threads) {
            head.append(String.format(" | %2dT %7s %7s %6s", t, "brisk", lib, "ratio"));
        }
        System.out.println(head);
        Map<Integer, double[]> logSum = new LinkedHashMap<>(); // per thread count: sum of log ratios, count
        for (SgemmShapes.Shape s : SgemmShapes.ALL.values()) {
            StringBuilder row = new StringBuilder(String.format("%-34s", s.label()));
            boolean any = false;
            for (int t : threads) {
                Double a = mine.get(key(s.label(), t));
                Double b = theirs.get(key(s.label(), t));
                any |= a != null || b != null;
                String ratio = "-";
                if (a != null && b != null && b > 0) {
                    ratio = String.format(Locale.ROOT, "%.2f", a / b);
                    double[] acc = logSum.computeIfAbsent(t, x -> new double[2]);
                    acc[0] += Math.log(a / b);
                    acc[1]++;
                }
                row.append(String.format(Locale.ROOT, " | %3s %7s %7s %6s", "", fmt(a), fmt(b), ratio));
            }
            if (any) {
                System.out.println(row);
            }
        }
        StringBuilder geo = new StringBuilder(String.format("%-34s", "geometric mean of ratios"));
        for (int t : threads) {
            double[] acc = logSum.get(t);
            String g = acc == null ? "-" : String.format(Locale.ROOT, "%.2f", Math.exp(acc[0] / acc[1]));
            geo.append(String.format(" | %3s %7s %7s %6s", "", "", "", g));
        }
        System.out.println(geo);
    }

    private static String key(String name, int threads) {
        return name.trim().replaceAll("\\s+", " ") + "|" + threads;
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    // ------------------------------------------------------------------ provenance and output

    private static final String STARTED = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    private static void header(String what, String settings, int combos) {
        System.out.printf("Brisk %s benchmark, %s%n", what, STARTED);
        System.out.printf("kernels %s | java %s (%s) | %s, %d processors%n", Kernels.get().name(),
                System.getProperty("java.version"), System.getProperty("java.vm.vendor"), cpuModel(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("JMH: %s; %d combination(s), one at a time, each in its own fork%n", settings, combos);
        String load = loadAverage();
        System.out.println("load average " + load);
        try {
            if (Double.parseDouble(load.split("\\s+")[0]) > 0.5) {
                System.out.println("WARNING: the machine is busy (load > 0.5): another benchmark or build running "
                        + "beside this one will skew both.");
            }
        } catch (RuntimeException ignored) {
            // no /proc/loadavg: nothing to warn about
        }
        if (!Kernels.vectorAvailable()) {
            System.out.println("WARNING: this JVM lacks --add-modules jdk.incubator.vector; the forks add it, "
                    + "but the kernel name above may not match theirs.");
        }
    }

    private static void timings(Map<String, Object> rec, Measured r) {
        rec.put("us_per_call_median", r.median());
        rec.put("us_per_call_min", r.min());
        rec.put("us_per_call_max", r.max());
        rec.put("us_per_call_mean", r.mean());
        rec.put("us_per_call_error999", r.error());
        rec.put("iterations", r.us().size());
        rec.put("forks", r.forks());
        rec.put("steal_ticks", r.steal());
    }

    private static void provenance(Map<String, Object> rec, String kernels, Options opts) {
        rec.put("kernels", kernels);
        rec.put("java", System.getProperty("java.version"));
        rec.put("cpu", cpuModel());
        rec.put("processors", Runtime.getRuntime().availableProcessors());
        rec.put("quick", opts.quick());
        rec.put("started", STARTED);
    }

    private static PrintWriter openJson(Options opts) throws IOException {
        String path = opts.values().get("json");
        if (path == null) {
            return null;
        }
        Path p = Path.of(path);
        if (p.toAbsolutePath().getParent() != null) {
            Files.createDirectories(p.toAbsolutePath().getParent());
        }
        return new PrintWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8));
    }

    /** Written line by line, so an interrupted sweep keeps what it measured. */
    private static void writeJson(PrintWriter json, Map<String, Object> rec) {
        if (json != null) {
            json.println(Json.write(rec));
            json.flush();
        }
    }

    /** The CPU's model name from /proc/cpuinfo, or the architecture elsewhere: benchmark records say where they ran. */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    /** The 1, 5 and 15 minute load averages, or "unknown": a busy machine skews every figure. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Hypervisor steal time of all CPUs in USER_HZ ticks (the peer reads the same counter), or 0. */
    private static long stealTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
