package org.gan4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import org.gan4j.InsufficientMemoryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gan4j} command: trains the MNIST simple GAN and samples from trained generators. User errors (bad
 * options, missing or malformed files, invalid settings) print one line and exit with status 2 (usage) or 1 (the
 * rest); set {@code GAN4J_DEBUG=1} for stack traces. Running out of memory is reported the same way, in one line that
 * says which memory ran out and which options to lower ({@link MemoryAdvice}).
 */
@Command(name = "gan4j", mixinStandardHelpOptions = true, versionProvider = Gan4jCli.VersionProvider.class,
        description = "Train generative adversarial networks on ND4J.",
        subcommands = {TrainCommand.class, SampleCommand.class, EvaluateCommand.class, BenchCommand.class,
            RecipesCommand.class, TrainClassifierCommand.class})
public final class Gan4jCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: train, sample, bench, recipes or "
                + "train-classifier");
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(new Gan4jCli(), args, out, err);
    }

    /** Runs {@code command} (the program, or a test's stand-in) with the program's error handling. */
    static int execute(Object command, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(command);
        // Every path option of every command: '' would mean the current directory (train into it, scan it).
        cli.registerConverter(java.nio.file.Path.class, text -> {
            if (text.isBlank()) {
                throw new CommandLine.TypeConversionException("an empty path; give a file or directory name");
            }
            return java.nio.file.Path.of(text);
        });
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getCommandName() + ": " + ex.getMessage() + " (see '"
                    + c.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (System.getenv("GAN4J_DEBUG") != null) {
                throw ex;
            }
            if (ex instanceof InsufficientMemoryException refused) {
                c.getErr().println("gan4j: error: " + refused.advising(MemoryAdvice.advice(refused, c)));
                return 1;
            }
            // before user errors: a background writer's OutOfMemoryError reaches the training thread wrapped in an
            // IllegalStateException, and "Java heap space" alone would not say what to do
            String memory = MemoryAdvice.describe(ex, c);
            if (memory != null) {
                c.getErr().println("gan4j: error: " + memory);
                return 1;
            }
            if (isUserError(ex)) {
                c.getErr().println("gan4j: error: " + message(ex));
                return 1;
            }
            throw ex;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands exceptions to the handler above but lets errors through
            if (System.getenv("GAN4J_DEBUG") != null) {
                throw e;
            }
            CommandLine ran = cli;
            CommandLine.ParseResult parsed = cli.getParseResult();
            while (parsed != null && parsed.subcommand() != null) {
                parsed = parsed.subcommand();
                ran = parsed.commandSpec().commandLine();
            }
            err.println("gan4j: error: " + MemoryAdvice.describe(e, ran));
            err.flush();
            return 1;
        }
    }

    /** Errors the user can act on: their files, their settings, the classpath they built. */
    static boolean isUserError(Throwable e) {
        return e instanceof IOException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException;
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof java.nio.file.NoSuchFileException nsf) {
            return nsf.getFile() + ": " + (nsf.getReason() != null ? nsf.getReason() : "no such file");
        }
        if (t instanceof java.nio.file.AccessDeniedException ade) {
            return ade.getFile() + ": permission denied";
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(args, out, err));
    }

    /** Prints gan4j's version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gan4j " + org.gan4j.Version.get()};
        }
    }
}
