package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One configuration from files, environment variables and the command line, later sources winning key by key. */
class ConfigurationSourcesTest {

    @TempDir
    Path root;

    @Test
    void laterSourcesWinKeyByKeyAndKeysIgnoreCase() throws Exception {
        Files.writeString(root.resolve("windhover.json"), """
                {"Todo": {"PageSize": 20, "Title": "base", "Tags": ["a", "b"]},
                 "ConnectionStrings": {"Todos": "jdbc:sqlite:data/todos.db"}, "Only": {"InBase": true}}""");
        Files.writeString(root.resolve("windhover.Staging.json"), "{\"todo\": {\"pagesize\": 30, \"Title\": \"staging\"}}");
        var configuration = Configuration.read(root, "Staging",
                Map.of("TODO__TITLE", "from env", "ConnectionStrings__Todos", "jdbc:sqlite:env.db"),
                List.of(Map.entry("ConnectionStrings:Todos", "jdbc:sqlite::memory:")));
        assertThat(configuration.get("Todo:PageSize")).isEqualTo("30");
        assertThat(configuration.get("todo:title")).isEqualTo("from env");
        assertThat(configuration.get("CONNECTIONSTRINGS:TODOS")).isEqualTo("jdbc:sqlite::memory:");
        assertThat(configuration.get("Todo:Tags:1")).isEqualTo("b");
        assertThat(configuration.get("Only:InBase")).isEqualTo("true");
        assertThat(configuration.get("Nowhere", "fallback")).isEqualTo("fallback");
        assertThat(configuration.find("Todo:PageSize").source()).isEqualTo("windhover.Staging.json");
        assertThat(configuration.find("Todo:Title").source()).isEqualTo("environment variable TODO__TITLE");
        assertThat(configuration.section("Todo")).containsOnlyKeys("Todo:PageSize", "Todo:Title", "Todo:Tags:0", "Todo:Tags:1");
    }

    @Test
    void theCommandLineTakesBothForms() {
        try (var app = WebApplication.create("--content-root", root.toString(), "--Todo:PageSize=5", "--todo:title", "x y")) {
            assertThat(app.configuration().getLong("Todo:PageSize", 20)).isEqualTo(5);
            assertThat(app.configuration().get("Todo:Title")).isEqualTo("x y");
            assertThat(app.configuration().getLong("Todo:Missing", 7)).isEqualTo(7);
        }
    }

    @Test
    void aValueOfTheWrongTypeNamesItsKeyAndSource() {
        try (var app = WebApplication.create("--content-root", root.toString(), "--Todo:PageSize=many")) {
            assertThatThrownBy(() -> app.configuration().getLong("Todo:PageSize", 20))
                    .hasMessage("configuration key 'Todo:PageSize' (from command line) must be a whole number, not 'many'");
        }
    }

    public record Retry(int attempts, double backoff) {
    }

    public record TodoOptions(@jakarta.validation.constraints.Positive long maxAttachmentBytes, String attachmentsPath,
            List<String> tags, Retry retry, boolean audit) {
    }

    @Test
    void readsYamlBesideJsonTheYamlWinning() throws Exception {
        Files.writeString(root.resolve("windhover.json"), "{\"Todo\": {\"PageSize\": 20, \"Title\": \"json\"}}");
        Files.writeString(root.resolve("windhover.yaml"), """
                Todo:
                  Title: yaml
                  Tags: [a, b]
                """);
        Files.writeString(root.resolve("windhover.Staging.yml"), "todo:\n  pagesize: 40\n");
        var configuration = Configuration.read(root, "Staging", Map.of(), List.of());
        assertThat(configuration.get("Todo:PageSize")).isEqualTo("40");
        assertThat(configuration.get("Todo:Title")).isEqualTo("yaml");
        assertThat(configuration.get("Todo:Tags:1")).isEqualTo("b");
        assertThat(configuration.find("Todo:Title").source()).isEqualTo("windhover.yaml");
    }

    @Test
    void aMalformedYamlFileIsNamed() throws Exception {
        Files.writeString(root.resolve("windhover.yaml"), "Todo: [unclosed");
        assertThatThrownBy(() -> Configuration.read(root, "Production", Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windhover.yaml is not valid YAML");
        Files.writeString(root.resolve("windhover.yaml"), "- a list");
        assertThatThrownBy(() -> Configuration.read(root, "Production", Map.of(), List.of()))
                .hasMessageContaining("windhover.yaml must hold a YAML mapping");
    }

    @Test
    void bindsASectionToARecordIgnoringCase() throws Exception {
        Files.writeString(root.resolve("windhover.json"), """
                {"Todo": {"MaxAttachmentBytes": 1024, "Tags": ["x", "y"], "Retry": {"Attempts": 3, "Backoff": 1.5}}}""");
        var configuration = Configuration.read(root, "Production", Map.of("TODO__AUDIT", "true"),
                List.of(Map.entry("todo:attachmentspath", "files")));
        assertThat(configuration.bind("Todo", TodoOptions.class))
                .isEqualTo(new TodoOptions(1024, "files", List.of("x", "y"), new Retry(3, 1.5), true));
    }

    public record Timing(java.time.Duration timeout, java.time.Duration retryAfter, java.time.Duration poll) {
    }

    @Test
    void bindsTimeSpansAsTheServersSettingsWriteThem() {
        var configuration = Configuration.read(root, "Production", Map.of(), List.of(Map.entry("Timing:Timeout", "00:02:10"),
                Map.entry("Timing:RetryAfter", "PT1.5S"), Map.entry("Timing:Poll", "0.25")));
        assertThat(configuration.bind("Timing", Timing.class)).isEqualTo(new Timing(java.time.Duration.ofSeconds(130),
                java.time.Duration.ofMillis(1500), java.time.Duration.ofMillis(250)));
        var wrong = Configuration.read(root, "Production", Map.of(), List.of(Map.entry("Timing:Timeout", "soon")));
        assertThatThrownBy(() -> wrong.bind("Timing", Timing.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("configuration key 'Timing:Timeout' (from command line, 'soon') cannot be read as");
    }

    @Test
    void aValueOfTheWrongTypeStopsTheBindingNamingKeyValueAndSource() throws Exception {
        Files.writeString(root.resolve("windhover.json"), "{\"Todo\": {\"Retry\": {\"Attempts\": \"three\"}}}");
        var configuration = Configuration.read(root, "Production", Map.of(), List.of());
        assertThatThrownBy(() -> configuration.bind("Todo", TodoOptions.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configuration key 'Todo:Retry:Attempts' (from windhover.json, 'three') cannot be read as int");
    }

    @Test
    void aBrokenConstraintStopsTheBindingNamingKeyValueAndSource() {
        var configuration = Configuration.read(root, "Production", Map.of(), List.of(Map.entry("Todo:MaxAttachmentBytes", "-1")));
        assertThatThrownBy(() -> configuration.bind("Todo", TodoOptions.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configuration section 'Todo': 'Todo:MaxAttachmentBytes' (from command line, '-1') must be greater than 0");
    }
}
