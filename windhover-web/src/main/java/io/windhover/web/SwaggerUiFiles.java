package io.windhover.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Swagger UI's files from the {@code org.webjars:swagger-ui} WebJar on the application's path, and
 * the two files that point it at the application's document instead of the WebJar's sample: its
 * {@code index.html} and {@code swagger-initializer.js}. The WebJar is the application's to add,
 * as ASP.NET Core's Swagger UI is a package of its own.
 */
final class SwaggerUiFiles {

    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final ClassLoader loader;
    private final String folder;
    private final byte[] index;
    private final byte[] initializer;

    private SwaggerUiFiles(ClassLoader loader, String version, String documentUrl) {
        this.loader = loader;
        this.folder = WEBJAR + version + "/";
        this.index = """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Swagger UI</title>
                  <link rel="stylesheet" href="swagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="swagger-ui-bundle.js"></script>
                  <script src="swagger-ui-standalone-preset.js"></script>
                  <script src="swagger-initializer.js"></script>
                </body>
                </html>
                """.getBytes(StandardCharsets.UTF_8);
        this.initializer = """
                window.onload = () => {
                  window.ui = SwaggerUIBundle({
                    url: %s,
                    dom_id: "#swagger-ui",
                    deepLinking: true,
                    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                    layout: "StandaloneLayout"
                  });
                };
                """.formatted("\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(documentUrl)) + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The WebJar's files, pointed at {@code documentUrl}.
     *
     * @throws IllegalStateException when the WebJar is not on the application's path
     */
    static SwaggerUiFiles find(String documentUrl) {
        ClassLoader loader = SwaggerUiFiles.class.getClassLoader();
        try (InputStream pom = loader.getResourceAsStream(POM)) {
            if (pom == null) {
                throw new IllegalStateException("mapSwaggerUi() needs Swagger UI's WebJar: add the dependency"
                        + " org.webjars:swagger-ui (from Maven Central) to the application");
            }
            var properties = new Properties();
            properties.load(pom);
            return new SwaggerUiFiles(loader, properties.getProperty("version"), documentUrl);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + POM + ": " + e, e);
        }
    }

    /** The response for {@code file} (a name under {@code /swagger/}), or null when there is none. */
    Result file(String file) {
        switch (file) {
            case "", "index.html" -> {
                return Results.bytes(index, "text/html; charset=utf-8");
            }
            case "swagger-initializer.js" -> {
                return Results.bytes(initializer, "text/javascript; charset=utf-8");
            }
            default -> {
                // The WebJar's folder holds files only: a name with a path or a dot-dot reaches nothing else.
                if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
                    return null;
                }
                InputStream in = loader.getResourceAsStream(folder + file);
                if (in == null) {
                    return null;
                }
                String type = ContentTypes.forFileName(file);
                return Results.stream(in, type != null ? type : "application/octet-stream");
            }
        }
    }
}
