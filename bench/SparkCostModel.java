/*
 * The cost model of docs/distributed.md ("Speed and a cost model"): predicted steps/s and images/s of data-parallel
 * training on P workers from the measurements of bench/spark-scaling.sh.
 *
 *     java bench/SparkCostModel.java T_MLP64 T_MLP256 T_DCGAN64 T_DCGAN256   # compute per step t_c, ms
 *
 * Per step every worker computes for t_c (its per-worker batch b fixed, the same on every worker: no stragglers) and
 * makes 4 sums: D's gradients, D's metrics (a few doubles), G's gradients, G's loss (one double). A hop of n bytes
 * costs a + n * beta: a the latency per hop, beta = w + c the time per byte, w the wire's (1 / link bandwidth) and c the
 * host's (serialising, kernel copies, the add; measured on loopback, where w is ~0). Host work and the wire are not
 * assumed to overlap inside a hop (pessimistic by up to 2x where w ~ c). Each worker's link carries one stream (a ring).
 *
 *   whole arrays (the ring before chunking): a sum is 2(P-1) hops of the whole array, one after the other
 *       T_sum(n) = 2 (P-1) (a + n beta)
 *   chunked (today's RingAllReduce; the same order of addition): chunks of k bytes flow 0 -> 1 -> ... -> P-1, then
 *   round from P-1; the pipeline fills in P-1 hops of a chunk per phase, then streams, each chunk costing o more
 *       T_sum(n) = 2 (P-1) (a + k beta) + 2 n beta + 2 ceil(n / k) o,   k = RingAllReduce.chunkBytesFor(n, P)
 *   (arrays up to 64 KiB, the metric sums, travel whole: T_sum = 2 (P-1) (a + n beta))
 *
 *   step time = t_c + T_sum(D) + T_sum(D's metrics) + T_sum(G) + T_sum(G's loss)
 *   steps/s = 1 / step time;  images/s = P b steps/s
 *
 * A single-file Java program (Java 11 and later run it from its source): no build, no Python.
 */
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public class SparkCostModel {

    // --- measured here (bench/spark-scaling.sh on this 2-core VM, 2026-12-01: docs/distributed.md has the runs) ---
    /** s per hop: half the median sum of 1k..4k floats between two executor JVMs (whole arrays). */
    static final double A_LOOPBACK = 20e-6;
    /** s per byte: the slope of the 1M..4M-float sums (medians of 5 runs), whole arrays, loopback. */
    static final double C_HOST = 0.6e-9;
    /** s per extra chunk in a stream: 16 MB sums with 256, 64 and 16 KiB chunks (3 to 7 us). */
    static final double O_CHUNK = 5e-6;
    // --- assumed ---
    /** bytes/s of each worker's link, full duplex. */
    static final Map<String, Double> NETS = new LinkedHashMap<>(Map.of("10 Gbit/s", 10e9 / 8));
    /** s per hop added by a real network (a switch, TCP's stack on both ends). */
    static final double A_NET = 30e-6;
    /** floats of each gradient buffer (WorkerTiming.floatsSummed / steps = D + G). */
    static final Map<String, long[]> MODELS = new LinkedHashMap<>();
    /** D's loss and mean outputs, G's loss (doubles). */
    static final long[] METRICS_BYTES = {3 * 8, 8};

    static {
        NETS.put("25 Gbit/s", 25e9 / 8);
        MODELS.put("reference MLP", new long[] {100_609, 218_128});
        MODELS.put("DCGAN", new long[] {138_817, 540_225});
    }

    /** RingAllReduce.chunkBytesFor. */
    static long chunkBytesFor(long n, int p) {
        if (p < 2) {
            return 256 * 1024;
        }
        double k = Math.sqrt(n * 20000 / ((p - 1) * 1.0));
        return (long) Math.max(64 * 1024, Math.min(256 * 1024, k));
    }

    static double tSum(long n, int p, double beta, boolean chunked) {
        double a = A_LOOPBACK + A_NET;
        if (p == 1) {
            return 0.0;
        }
        if (!chunked || n <= 64 * 1024) {
            return 2 * (p - 1) * (a + n * beta);
        }
        long k = chunkBytesFor(n, p);
        return 2 * (p - 1) * (a + k * beta) + 2 * n * beta + 2 * Math.ceil((double) n / k) * O_CHUNK;
    }

    static double commTime(long[] model, int p, String net, boolean chunked) {
        double beta = 1 / NETS.get(net) + C_HOST;
        long[] sums = {model[0] * 4, METRICS_BYTES[0], model[1] * 4, METRICS_BYTES[1]};
        double t = 0;
        for (long n : sums) {
            t += tSum(n, p, beta, chunked);
        }
        return t;
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: java bench/SparkCostModel.java T_MLP64 T_MLP256 T_DCGAN64 T_DCGAN256 "
                    + "(compute ms per step at per-worker batch 64 and 256)");
            System.exit(2);
        }
        double[] t = new double[4];
        for (int i = 0; i < 4; i++) {
            t[i] = Double.parseDouble(args[i]) / 1000;
        }
        Map<String, Double> tc = Map.of("reference MLP 64", t[0], "reference MLP 256", t[1], "DCGAN 64", t[2],
                "DCGAN 256", t[3]);
        int[] ps = {1, 8, 16, 32, 64};
        StringBuilder head = new StringBuilder("| model | b | t_c ms | network | ring |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|---|");
        for (int p : ps) {
            head.append(" P=").append(p).append(" |");
            rule.append("---|");
        }
        System.out.println("Predicted steps/s (images/s) at per-worker batch b:");
        System.out.println();
        System.out.println(head);
        System.out.println(rule);
        for (Map.Entry<String, long[]> m : MODELS.entrySet()) {
            for (int b : new int[] {64, 256}) {
                double c = tc.get(m.getKey() + " " + b);
                for (String net : NETS.keySet()) {
                    for (boolean chunked : new boolean[] {false, true}) {
                        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %s |",
                                m.getKey(), b, c * 1e3, net, chunked ? "chunked" : "whole arrays"));
                        for (int p : ps) {
                            double s = c + commTime(m.getValue(), p, net, chunked);
                            row.append(String.format(Locale.ROOT, " %.1f (%.1fk) |", 1 / s, p * b / s / 1000));
                        }
                        System.out.println(row);
                    }
                }
            }
        }
        System.out.println();
        System.out.println("The exchange per step T(P) in ms; P workers give more images/s than one when t_c > T(P) / "
                + "(P - 1), and");
        System.out.println("run at 50 % efficiency or better (P t_c / (t_c + T) >= P / 2) when t_c >= T(P):");
        System.out.println();
        StringBuilder h2 = new StringBuilder("| model | network | ring |");
        StringBuilder r2 = new StringBuilder("|---|---|---|");
        for (int i = 1; i < ps.length; i++) {
            h2.append(" T(P=").append(ps[i]).append(") |");
            r2.append("---|");
        }
        System.out.println(h2 + " pays from t_c > (P = 8 / 16 / 32 / 64) |");
        System.out.println(r2 + "---|");
        for (Map.Entry<String, long[]> m : MODELS.entrySet()) {
            for (String net : NETS.keySet()) {
                for (boolean chunked : new boolean[] {false, true}) {
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %s |", m.getKey(), net,
                            chunked ? "chunked" : "whole arrays"));
                    StringBuilder pays = new StringBuilder();
                    for (int i = 1; i < ps.length; i++) {
                        double ms = commTime(m.getValue(), ps[i], net, chunked) * 1e3;
                        row.append(String.format(Locale.ROOT, " %.1f |", ms));
                        pays.append(i > 1 ? " / " : "").append(String.format(Locale.ROOT, "%.2f", ms / (ps[i] - 1)));
                    }
                    System.out.println(row + " " + pays + " ms |");
                }
            }
        }
        System.out.println();
        System.out.println("Check on loopback (w = 0, a = 20 us), P = 2, ms per sum: n bytes -> whole / chunked");
        for (long n : List.of(4096L, 262144L, 1048576L, 4194304L, 16777216L)) {
            double whole = 2 * (A_LOOPBACK + n * C_HOST) * 1e3;
            long k = chunkBytesFor(n, 2);
            double ch = n <= 65536 ? whole : (2 * (A_LOOPBACK + k * C_HOST) + 2 * n * C_HOST
                    + 2 * Math.ceil((double) n / k) * O_CHUNK) * 1e3;
            System.out.println(String.format(Locale.ROOT, "  %9d -> %.3f / %.3f", n, whole, ch));
        }
    }
}
