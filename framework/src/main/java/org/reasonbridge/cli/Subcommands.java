package org.reasonbridge.cli;

/**
 * Subcommands that live outside the framework jar (e.g. {@code bench} in the bench module), found with
 * {@link java.util.ServiceLoader} when their jar is on the class path: the product jar stays free of them.
 * An implementation is listed in {@code META-INF/services/org.reasonbridge.cli.Subcommands}.
 */
public interface Subcommands {
    /** The picocli command objects (classes annotated with {@code @Command}) to add under {@code reasonbridge}. */
    java.util.List<Object> commands();
}
