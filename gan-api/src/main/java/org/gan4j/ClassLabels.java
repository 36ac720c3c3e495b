package org.gan4j;

import com.google.common.collect.ImmutableList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gan4j.data.Dataset;

/**
 * The rules of class labels for conditional runs, in one place: default names, the checks of a name list, and the
 * check of a dataset's labels before a conditional run starts.
 */
public final class ClassLabels {

    /** The most classes a conditional run or a generator file may have (the one-hot widens both networks' inputs). */
    public static final int MAX_CLASSES = 100_000;
    /** The longest class name, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    private ClassLabels() {
    }

    /**
     * {@return the names {@code "0"} to {@code "n-1"}: MNIST's digits, and the names of a dataset without any}
     *
     * @param n the number of classes, 0 for none
     */
    public static ImmutableList<String> defaultNames(int n) {
        ImmutableList.Builder<String> b = ImmutableList.builder();
        for (int i = 0; i < n; i++) {
            b.add(Integer.toString(i));
        }
        return b.build();
    }

    /**
     * Checks a list of class names.
     *
     * @param names the names, label i is element i; empty for an unconditional run
     * @throws IllegalArgumentException if there is exactly one name, more than {@value #MAX_CLASSES}, or a name is
     *                                  empty, too long, holds a line break or repeats another
     */
    public static void checkNames(List<String> names) {
        if (names.size() == 1) {
            throw new IllegalArgumentException("classNames: a conditional run needs at least 2 classes, got 1 ("
                    + names.get(0) + ")");
        }
        if (names.size() > MAX_CLASSES) {
            throw new IllegalArgumentException("classNames: at most " + MAX_CLASSES + " classes, got "
                    + names.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isEmpty() || n.length() > MAX_NAME_LENGTH || n.indexOf('\n') >= 0
                    || n.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("classNames: name " + i + " must be 1 to " + MAX_NAME_LENGTH
                        + " characters on one line, got " + (n == null ? "null" : "'" + n + "'"));
            }
            if (!seen.add(n)) {
                throw new IllegalArgumentException("classNames: name " + i + " ('" + n + "') repeats an earlier one");
            }
        }
    }

    /**
     * Checks that a conditional configuration can train on {@code dataset}: the dataset has labels and each is a
     * class of the configuration. One pass over the labels, before anything is built. An unconditional
     * configuration accepts any dataset (its labels are ignored).
     *
     * @param config  the configuration
     * @param dataset the training data
     * @throws IllegalArgumentException naming the dataset, if it has no labels or names another number of classes
     *                                  than the configuration has (naming both), or naming the image and its label,
     *                                  if a label is outside {@code [0, classes)}
     */
    public static void checkDataset(GanConfig config, Dataset dataset) {
        int classes = config.classes();
        if (classes == 0) {
            return;
        }
        if (!dataset.hasLabels()) {
            throw new IllegalArgumentException("classes: a conditional run (" + classes + " classes) needs a dataset "
                    + "with labels, but " + dataset.name() + " has none (MNIST-style datasets need their IDX labels "
                    + "file beside the images)");
        }
        List<String> declared = dataset.classNames();
        if (!declared.isEmpty() && declared.size() != classes) {
            throw new IllegalArgumentException("classes: the configuration has " + classes + " classes but "
                    + dataset.name() + " has " + declared.size() + " (" + shortList(declared) + "); give classes("
                    + declared.size() + "), or take them from the dataset with classesFrom(dataset)");
        }
        for (int i = 0; i < dataset.size(); i++) {
            int label = dataset.label(i);
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("classes: image " + i + " of " + dataset.name() + " has label "
                        + label + ", outside the configuration's " + classes + " classes [0, " + classes + ")");
            }
        }
    }

    /**
     * The classes of a labelled dataset, as {@link GanConfig.Builder#classesFrom} takes them: the names the dataset
     * gives ({@link Dataset#classNames()}: Fashion-MNIST's, an image folder's sub-directories), else {@code "0"} up
     * to its largest label (one pass over the labels).
     *
     * @param dataset the labelled dataset
     * @return the class names, label 0 first, at least 2
     * @throws IllegalArgumentException naming the dataset, if it has no labels, a negative label, or fewer than two
     *                                  classes
     */
    public static ImmutableList<String> namesOf(Dataset dataset) {
        if (!dataset.hasLabels()) {
            throw new IllegalArgumentException("classesFrom: " + dataset.name() + " has no labels (MNIST-style "
                    + "datasets need their IDX labels file beside the images, image folders one sub-directory per "
                    + "class)");
        }
        if (!dataset.classNames().isEmpty()) {
            ImmutableList<String> names = ImmutableList.copyOf(dataset.classNames());
            checkNames(names);
            return names;
        }
        int max = -1;
        for (int i = 0; i < dataset.size(); i++) {
            int label = dataset.label(i);
            if (label < 0) {
                throw new IllegalArgumentException("classesFrom: image " + i + " of " + dataset.name()
                        + " has the negative label " + label);
            }
            max = Math.max(max, label);
        }
        if (max < 1) {
            throw new IllegalArgumentException("classesFrom: " + dataset.name() + " has one class (every label is "
                    + max + "); a conditional run needs at least 2");
        }
        return defaultNames(max + 1);
    }

    /**
     * The configuration a run on {@code dataset} trains with: {@code config} itself, except that a conditional
     * configuration whose classes were given by count only ({@link GanConfig.Builder#classes(int)}: names
     * {@code "0"} to {@code "n-1"}) takes the names of a dataset that names as many classes (Fashion-MNIST's, an
     * image folder's), so that its grids, report and generator file say "Trouser", not "1". Trainers call it before
     * anything is built.
     *
     * @param config  the configuration
     * @param dataset the training data
     * @return {@code config}, or a copy of it with the dataset's class names
     */
    public static GanConfig withDatasetNames(GanConfig config, Dataset dataset) {
        int classes = config.classes();
        List<String> declared = dataset.classNames();
        if (classes == 0 || declared.size() != classes || declared.equals(config.classNames())
                || !config.classNames().equals(defaultNames(classes))) {
            return config;
        }
        return config.toBuilder().classNames(declared).build();
    }

    /** The first names of a list, for a message. */
    private static String shortList(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(10, names.size()))) + (names.size() > 10 ? ", ..." : "");
    }

    /**
     * Checks a label for sampling.
     *
     * @param label   the label
     * @param classes the generator's classes, positive
     * @param what    where the label came from, for the message (e.g. {@code "label"} or {@code "labels[3]"})
     * @throws IllegalArgumentException if {@code label} is outside {@code [0, classes)}
     */
    static void checkLabel(int label, int classes, String what) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException(what + " " + label + " is outside the generator's " + classes
                    + " classes [0, " + (classes - 1) + "]");
        }
    }
}
