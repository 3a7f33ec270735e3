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
}
