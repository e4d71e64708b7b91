package org.reasonbridge.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the paths a command was given, before any work: the flag, the path and what was expected there, in the
 * user's words ({@code --data runs: is a directory; give a JSON Lines file}), instead of the JDK's bare reason later.
 */
final class PathArgs {
    private PathArgs() {
    }

    /** An input file that must exist. */
    static void inputFile(Path p, String flag, String what) {
        if (Files.isRegularFile(p)) return;
        throw new IllegalArgumentException(flag + " " + p + ": " + (Files.isDirectory(p) ? "is a directory; give "
                + what : "no such file (" + what + " was expected)"));
    }

    /** An input folder that must exist. */
    static void inputFolder(Path p, String flag, String what) {
        if (Files.isDirectory(p)) return;
        throw new IllegalArgumentException(flag + " " + p + ": " + (Files.exists(p) ? "is a file; give " + what
                : "no such folder (" + what + " was expected)"));
    }

    /** A file to (over)write: not a folder, and its parent can be a folder. */
    static void outputFile(Path p, String flag) {
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(flag + " " + p + ": is a directory; give the name of a file to write");
        }
        parentsAreFolders(p, flag);
    }

    /** A folder to write into: a folder or nothing yet, under folders. */
    static void outputFolder(Path p, String flag) {
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new IllegalArgumentException(flag + " " + p + ": is a file; this is the folder the command writes "
                    + "into: give a new or existing folder");
        }
        parentsAreFolders(p, flag);
    }

    /** Refuses an output path inside (or equal to) an input folder whose files it could overwrite. */
    static void notInside(Path out, String outFlag, Path folder, String folderFlag) {
        Path o = out.toAbsolutePath().normalize(), f = folder.toAbsolutePath().normalize();
        try {
            if (Files.exists(out)) o = out.toRealPath();
            if (Files.exists(folder)) f = folder.toRealPath();
        } catch (java.io.IOException ignored) {
            // compared as written
        }
        if (o.startsWith(f)) {
            throw new IllegalArgumentException(outFlag + " " + out + " is " + (o.equals(f) ? "" : "inside ") + folderFlag
                    + " " + folder + ": its files could be overwritten; write somewhere else");
        }
    }

    private static void parentsAreFolders(Path p, String flag) {
        for (Path a = p.toAbsolutePath().getParent(); a != null; a = a.getParent()) {
            if (Files.isDirectory(a)) return;
            if (Files.exists(a)) {
                throw new IllegalArgumentException(flag + " " + p + ": " + a + " is a file, not a folder");
            }
        }
    }
}
