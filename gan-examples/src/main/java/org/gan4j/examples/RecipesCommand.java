package org.gan4j.examples;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.gan4j.Recipes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gan4j recipes}: the named configurations {@code train --recipe} and {@code bench --recipe} take. */
@Command(name = "recipes", mixinStandardHelpOptions = true,
        description = "List the recipes (named configurations) for train --recipe and bench --recipe, one per line.")
final class RecipesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int width = Recipes.all().stream().mapToInt(r -> r.name().length()).max().orElse(0);
        for (Recipes.Recipe r : Recipes.all()) {
            out.printf("%-" + width + "s  %s%n", r.name(), r.description());
        }
        return 0;
    }
}
