package org.aecapture.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The application run as a command in a JVM of its own, as a user starts it: what the bench times whole or wants cold. */
final class AppProcess {

    private static final String MAIN = "org.aecapture.app.Main";

    private AppProcess() {
    }

    /**
     * Runs {@code args} as the application's command line in a new JVM with this one's class path, its output into
     * {@code output}, and waits for it; its exit status. A command still running after {@code minutes} is killed.
     */
    static int run(List<String> jvmOptions, Map<String, String> environment, Path output, long minutes, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the command " + String.join(" ", args) + " did not end in " + minutes + " minutes");
        }
        return p.exitValue();
    }
}
