package dev.brisk.datasets;

import java.nio.file.Path;

/**
 * An MNIST-style dataset as published: a training set and a test set of labelled images.
 *
 * @param train     the training images (60,000 for MNIST and Fashion-MNIST)
 * @param test      the test images (10,000), never to be trained or tuned on
 * @param directory the directory the four files were read from
 */
public record MnistData(ImageSet train, ImageSet test, Path directory) {
}
