package dev.brisk.engine.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Rebuilds layers from their {@link Layer#config()}, so a saved model can be recreated with no code.
 *
 * <pre>{@code
 * Map<String, Object> config = model.config();          // JSON-ready: Json.write(config)
 * Layer copy = LayerRegistry.fromConfig(config);          // same layers, names and seeds; built if
 *                                                         // the config has an input shape
 * }</pre>
 *
 * <p>The built-in layers are registered; register your own class under its
 * {@link Layer#className()} with a factory reading its constructor arguments. Numbers may arrive as
 * any {@link Number} (JSON gives {@code Long} or {@code Double}).
 */
public final class LayerRegistry {

    private static final Map<String, Function<Map<String, Object>, Layer>> FACTORIES = new ConcurrentHashMap<>();

    static {
        register("Dense", c -> new Dense(integer(c, "units"), (String) c.get("activation"), name(c), longOrNull(c, "seed")));
        register("ReLU", c -> new ReLU(name(c)));
        register("Sigmoid", c -> new Sigmoid(name(c)));
        register("Tanh", c -> new Tanh(name(c)));
        register("Softmax", c -> new Softmax(name(c)));
        register("Flatten", c -> new Flatten(name(c)));
        register("Dropout", c -> new Dropout(number(c, "rate").floatValue(), name(c), longOrNull(c, "seed")));
        register("Embedding", c -> new Embedding(integer(c, "input_dim"), integer(c, "output_dim"), name(c),
                longOrNull(c, "seed")));
        register("Sequential", LayerRegistry::sequential);
    }

    private LayerRegistry() {
    }

    /** Makes {@code className} known to {@link #fromConfig}; a later registration replaces an earlier one. */
    public static void register(String className, Function<Map<String, Object>, Layer> factory) {
        FACTORIES.put(className, factory);
    }

    /**
     * A new, unbuilt layer (a built one for a {@code Sequential} config carrying {@code input_shape})
     * from a config.
     *
     * @throws IllegalArgumentException for an unknown class or a missing or mistyped field
     */
    public static Layer fromConfig(Map<String, Object> config) {
        Object cls = config.get("class");
        if (!(cls instanceof String className)) {
            throw new IllegalArgumentException("layer config: missing \"class\" string in " + config);
        }
        Function<Map<String, Object>, Layer> f = FACTORIES.get(className);
        if (f == null) {
            throw new IllegalArgumentException("layer config: unknown class '" + className + "'; known: "
                    + new TreeSet<>(FACTORIES.keySet()) + " (register custom layers with LayerRegistry.register)");
        }
        try {
            return f.apply(config);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("layer config for " + className + ": a field is missing or has the wrong type in "
                    + config, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Layer sequential(Map<String, Object> c) {
        List<Layer> layers = new ArrayList<>();
        for (Object o : (List<Object>) c.get("layers")) {
            layers.add(fromConfig((Map<String, Object>) o));
        }
        Sequential s = new Sequential(layers, name(c));
        Object shape = c.get("input_shape");
        if (shape != null) {
            List<Object> dims = (List<Object>) shape;
            int[] in = new int[dims.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = ((Number) dims.get(i)).intValue();
            }
            s.build(in);
        }
        return s;
    }

    private static String name(Map<String, Object> c) {
        return (String) c.get("name");
    }

    private static Number number(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("layer config for " + c.get("class") + ": \"" + key
                    + "\" must be a number, got " + v);
        }
        return n;
    }

    private static int integer(Map<String, Object> c, String key) {
        return Math.toIntExact(number(c, key).longValue());
    }

    private static Long longOrNull(Map<String, Object> c, String key) {
        return c.get(key) == null ? null : number(c, key).longValue();
    }
}
