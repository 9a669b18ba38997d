package dev.brisk.engine.nn;

import dev.brisk.engine.tensor.Tensor;

import java.util.Locale;

/**
 * The activations a {@link Dense} layer can apply by name, as in Keras' {@code activation="relu"}.
 * {@code null} and {@code "linear"} mean none.
 */
public enum Activation {
    LINEAR, RELU, SIGMOID, TANH, SOFTMAX;

    /**
     * The activation for a Keras name ({@code relu, sigmoid, tanh, softmax, linear}) or null.
     *
     * @param owner who asks, for the error message
     * @throws IllegalArgumentException for an unknown name
     */
    public static Activation of(String name, String owner) {
        if (name == null) {
            return LINEAR;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "linear" -> LINEAR;
            case "relu" -> RELU;
            case "sigmoid" -> SIGMOID;
            case "tanh" -> TANH;
            case "softmax" -> SOFTMAX;
            default -> throw new IllegalArgumentException(owner + ": unknown activation '" + name
                    + "'; expected relu, sigmoid, tanh, softmax, linear or null");
        };
    }

    /** Applies the activation (softmax over the last axis). */
    public Tensor apply(Tensor x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> x.relu();
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
            case SOFTMAX -> x.softmax(-1);
        };
    }

    /** The Keras name, or null for {@link #LINEAR} (as written in configs). */
    public String kerasName() {
        return this == LINEAR ? null : name().toLowerCase(Locale.ROOT);
    }
}
