package org.gan4j;

/**
 * A training run or a sampling job that cannot fit in this process's memory, refused before anything was allocated
 * ({@link MemoryEstimate#check}). It is an {@link IllegalArgumentException}: the sizes asked for are the problem. A
 * program with its own names for the settings (a command line's options) can say what to lower in its own words with
 * {@link #advising(String)}.
 */
public final class InsufficientMemoryException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The estimate that did not fit; not serialised. */
    private final transient MemoryEstimate estimate;
    /** What needs how much and the limit, without the advice. */
    private final String problem;

    InsufficientMemoryException(MemoryEstimate estimate, String problem, String lower) {
        super(problem + "; lower " + lower + (estimate.exceedsArrayLimit() ? ""
                : ", or raise the limit (-Xmx, -D" + MemoryEstimate.MAX_PHYSICAL_BYTES_PROPERTY + ")"));
        this.estimate = estimate;
        this.problem = problem;
    }

    /** {@return the estimate that did not fit (null after deserialisation)} */
    public MemoryEstimate estimate() {
        return estimate;
    }

    /**
     * The same refusal with other advice.
     *
     * @param advice what the user should do, e.g. {@code "lower --batch-size or --image-size, or raise -Xmx"}
     * @return the estimate and the limit, then the advice, in one line
     */
    public String advising(String advice) {
        return problem + "; " + advice;
    }
}
