package org.gan4j.listeners;

/**
 * A library that a listener needs but gan-api does not bring along: gan-api's only required dependencies are
 * nd4j-api and Guava, so the progress bar and the loss plot ask their users to add theirs (optional dependencies in
 * gan-api's POM; gan-examples has them).
 *
 * <p>Every such library is used the same way. The public listener names none of the library's classes in its own
 * bytecode (no field, signature, local variable or cast), because the verifier may load them when it links the
 * listener, before its constructor runs, and the user would get a {@link NoClassDefFoundError} instead of the message
 * naming the artifact. The listener holds a package-private interface ({@link StepBar}, {@link LossPlot}) and makes
 * its one implementation ({@link TongfeiProgressBar}, {@link XChartLossPlot}), the only class that imports the
 * library, after {@link #require} passed. A new library adds such an interface, such a class, a constant here and a
 * row in {@code OptionalLibraryAbsentTest}, which loads gan-api without the library's jar.
 */
enum OptionalLibrary {

    PROGRESS_BAR("me.tongfei.progressbar.ProgressBar", "me.tongfei:progressbar", "0.10.2"),
    XCHART("org.knowm.xchart.XYChart", "org.knowm.xchart:xchart", "3.8.8");

    private final String probeClass;
    private final String artifact;
    private final String version;

    OptionalLibrary(String probeClass, String artifact, String version) {
        this.probeClass = probeClass;
        this.artifact = artifact;
        this.version = version;
    }

    /** A class of the library: present exactly when the library is (tests find its jar by it). */
    String probeClass() {
        return probeClass;
    }

    /** The jar's file name in a Maven repository, for the tests to check that the version named is the one used. */
    String jarName() {
        return artifact.substring(artifact.indexOf(':') + 1) + "-" + version + ".jar";
    }

    /** Whether the library is on the class path. */
    boolean present() {
        return present(probeClass);
    }

    /**
     * Fails, naming the artifact to add, when the library is missing.
     *
     * @param user what needs it, for the message
     */
    void require(String user) {
        if (!present()) {
            throw new IllegalStateException(missingMessage(user));
        }
    }

    String missingMessage(String user) {
        return user + " needs " + artifact + " (tested with " + version + ") on the class path: add the dependency "
                + artifact + ":" + version + " to your build";
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, OptionalLibrary.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
