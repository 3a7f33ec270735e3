package io.windhover.web.processor;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * javac in this JVM with the controller processor, compiling sources given as text against the web
 * layer (this JVM's module and class paths, all on the class path) into a folder: the compile errors
 * a user would see, and classes to load and run.
 */
final class InProcessCompiler {

    /** What one compilation said and wrote. */
    record Compilation(boolean succeeded, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path output) {

        List<String> errors() {
            return diagnostics.stream().filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                    .map(diagnostic -> diagnostic.getMessage(null)).toList();
        }

        /** The source lines the errors point at. */
        List<Long> errorLines() {
            return diagnostics.stream().filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                    .map(Diagnostic::getLineNumber).toList();
        }

        String generated(String relativePath) {
            try {
                return Files.readString(output.resolve("generated").resolve(relativePath));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private InProcessCompiler() {
    }

    /** Compiles {@code sources} (path inside the source tree to text) into {@code folder}. */
    static Compilation compile(Path folder, Map<String, String> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(folder.resolve("classes"));
        Path generated = Files.createDirectories(folder.resolve("generated"));
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((path, text) -> units.add(new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        List<String> options = List.of("--release", "25", "-proc:full", "-d", classes.toString(), "-s", generated.toString(),
                "-classpath", String.join(File.pathSeparator, classPath()), "-Xlint:all", "-implicit:none");
        var task = javac.getTask(null, null, diagnostics, options, null, units);
        task.setProcessors(List.of(new ControllerProcessor()));
        boolean succeeded = task.call();
        return new Compilation(succeeded, diagnostics.getDiagnostics(), folder);
    }

    private static List<String> classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                entries.addAll(List.of(value.split(File.pathSeparator)));
            }
        }
        return List.copyOf(entries);
    }
}
