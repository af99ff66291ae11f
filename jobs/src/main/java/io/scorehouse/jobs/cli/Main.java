package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.config.ConfigLoader;
import java.io.PrintWriter;

/** Entry point of {@code bin/scorehouse} and of spark-submit ({@code --class io.scorehouse.jobs.cli.Main}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(ScorehouseCommand.commandLine(ConfigLoader::loadFromEnvironment, out, err)
                .execute(args));
    }
}
