package io.windhover.samples.todo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;

/**
 * The todos and what is known of their attachments, in SQLite through a HikariCP pool. The schema
 * is created and migrated by Flyway at open, from {@code db/migration/V*.sql}. Each method is one
 * short transaction and blocks on JDBC: on the default scheduling, a request's virtual thread parks
 * while SQLite works and its carrier serves other requests. Thread-safe.
 *
 * <p>Each write that changes a todo as the API shows it (the todo itself, or its attachments) is
 * published to the {@link TodoFeed} before the next write begins: writes take one lock, so the
 * feed's order is the order of the commits, and a later change never reaches a subscriber before an
 * earlier one. SQLite allows one writer at a time anyway, so the lock costs no concurrency.
 */
final class TodoStore implements AutoCloseable {

    private final HikariDataSource pool;
    private final TodoFeed feed;
    /** One write and its publication at a time (see the class comment). */
    private final ReentrantLock writes = new ReentrantLock();

    private TodoStore(HikariDataSource pool, TodoFeed feed) {
        this.pool = pool;
        this.feed = feed;
    }

    /**
     * Opens the database at {@code jdbcUrl} ({@code jdbc:sqlite:data/todos.db},
     * {@code jdbc:sqlite::memory:}), making its folder if needed, and migrates it; its changes go to {@code feed}.
     */
    static TodoStore open(String jdbcUrl, TodoFeed feed) throws java.io.IOException {
        boolean inMemory = jdbcUrl.contains(":memory:") || jdbcUrl.contains("mode=memory");
        if (!inMemory && jdbcUrl.startsWith("jdbc:sqlite:")) {
            Path file = Path.of(jdbcUrl.substring("jdbc:sqlite:".length()).split("\\?", 2)[0]).toAbsolutePath();
            Files.createDirectories(file.getParent());
        }
        var config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("todos");
        // SQLite turns foreign keys off per connection unless asked; the attachments' ON DELETE CASCADE needs them.
        config.addDataSourceProperty("foreign_keys", "true");
        // One writer at a time is SQLite's rule: a writer waits up to 5 s for another to finish instead of failing.
        config.addDataSourceProperty("busy_timeout", "5000");
        if (inMemory) {
            // Every connection to :memory: is a database of its own: keep exactly one, for ever.
            config.setMaximumPoolSize(1);
            config.setMinimumIdle(1);
            config.setMaxLifetime(0);
            config.setIdleTimeout(0);
        } else {
            // WAL: readers never wait for the writer. 8 connections: SQLite serialises writes anyway.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.setMaximumPoolSize(8);
        }
        var pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new TodoStore(pool, feed);
    }

    /** Every todo with its attachments, by id; only the done (or not done) ones when {@code done} is given. */
    List<TodoApp.Todo> all(Boolean done) throws SQLException {
        String where = done == null ? "" : " WHERE done = " + (done ? 1 : 0);
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, title, done FROM todos" + where + " ORDER BY id")) {
            Map<Integer, List<TodoApp.Attachment>> attachments = attachments(connection, null);
            List<TodoApp.Todo> todos = new ArrayList<>();
            while (rows.next()) {
                int id = rows.getInt(1);
                todos.add(new TodoApp.Todo(id, rows.getString(2), rows.getBoolean(3), attachments.getOrDefault(id, List.of())));
            }
            return todos;
        }
    }

    /** The todo {@code id}, or null. */
    TodoApp.Todo find(int id) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT title, done FROM todos WHERE id = ?")) {
            statement.setInt(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new TodoApp.Todo(id, row.getString(1), row.getBoolean(2), attachments(connection, id).getOrDefault(id, List.of()));
            }
        }
    }

    TodoApp.Todo add(TodoApp.TodoInput input) throws SQLException {
        writes.lock();
        try {
            TodoApp.Todo todo;
            try (Connection connection = pool.getConnection();
                    PreparedStatement statement = connection.prepareStatement("INSERT INTO todos (title, done) VALUES (?, ?) RETURNING id")) {
                statement.setString(1, input.title());
                statement.setBoolean(2, input.done());
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    todo = new TodoApp.Todo(row.getInt(1), input.title(), input.done(), List.of());
                }
            }
            // Published once the statement is done, so its row is committed: a subscriber that asks for it finds it.
            feed.created(todo);
            return todo;
        } finally {
            writes.unlock();
        }
    }

    /** Replaces the title and state of todo {@code id}; null when there is none. */
    TodoApp.Todo replace(int id, TodoApp.TodoInput input) throws SQLException {
        writes.lock();
        try {
            try (Connection connection = pool.getConnection();
                    PreparedStatement statement = connection.prepareStatement("UPDATE todos SET title = ?, done = ? WHERE id = ?")) {
                statement.setString(1, input.title());
                statement.setBoolean(2, input.done());
                statement.setInt(3, id);
                if (statement.executeUpdate() == 0) {
                    return null;
                }
            }
            return publishUpdated(id);
        } finally {
            writes.unlock();
        }
    }

    /** Deletes todo {@code id} and, by the foreign key, what is known of its attachments. */
    boolean remove(int id) throws SQLException {
        writes.lock();
        try {
            boolean removed = update("DELETE FROM todos WHERE id = ?", statement -> statement.setInt(1, id)) > 0;
            if (removed) {
                feed.deleted(id);
            }
            return removed;
        } finally {
            writes.unlock();
        }
    }

    boolean exists(int id) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM todos WHERE id = ?")) {
            statement.setInt(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Records {@code attachment} of todo {@code todoId}, replacing one of the same name; false when the todo is gone. */
    boolean putAttachment(int todoId, TodoApp.Attachment attachment) throws SQLException {
        return updateTodo(todoId, "INSERT INTO attachments (todo_id, name, size, content_type) SELECT id, ?, ?, ? FROM todos WHERE id = ?"
                + " ON CONFLICT (todo_id, name) DO UPDATE SET size = excluded.size, content_type = excluded.content_type",
                statement -> {
                    statement.setString(1, attachment.name());
                    statement.setLong(2, attachment.size());
                    statement.setString(3, attachment.contentType());
                    statement.setInt(4, todoId);
                });
    }

    /** The attachment {@code name} of todo {@code todoId}, or null. */
    TodoApp.Attachment attachment(int todoId, String name) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT size, content_type FROM attachments WHERE todo_id = ? AND name = ?")) {
            statement.setInt(1, todoId);
            statement.setString(2, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? new TodoApp.Attachment(name, row.getLong(1), row.getString(2)) : null;
            }
        }
    }

    boolean removeAttachment(int todoId, String name) throws SQLException {
        return updateTodo(todoId, "DELETE FROM attachments WHERE todo_id = ? AND name = ?", statement -> {
            statement.setInt(1, todoId);
            statement.setString(2, name);
        });
    }

    /** Runs {@code sql}, a change to todo {@code todoId} as the API shows it, and publishes the todo if a row changed. */
    private boolean updateTodo(int todoId, String sql, Parameters parameters) throws SQLException {
        writes.lock();
        try {
            boolean changed = update(sql, parameters) > 0;
            if (changed) {
                publishUpdated(todoId);
            }
            return changed;
        } finally {
            writes.unlock();
        }
    }

    /** Reads todo {@code id} as it now is and publishes it as updated; under {@link #writes}, so no write comes between. */
    private TodoApp.Todo publishUpdated(int id) throws SQLException {
        TodoApp.Todo todo = find(id);
        if (todo != null) {
            feed.updated(todo);
        }
        return todo;
    }

    /** Whether the database answers, for the health check. */
    boolean isHealthy() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    private int update(String sql, Parameters parameters) throws SQLException {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.set(statement);
            return statement.executeUpdate();
        }
    }

    /** Attachments by todo, of todo {@code todoId} alone or of every todo (null). */
    private static Map<Integer, List<TodoApp.Attachment>> attachments(Connection connection, Integer todoId) throws SQLException {
        String sql = "SELECT todo_id, name, size, content_type FROM attachments"
                + (todoId == null ? "" : " WHERE todo_id = ?") + " ORDER BY todo_id, name";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (todoId != null) {
                statement.setInt(1, todoId);
            }
            Map<Integer, List<TodoApp.Attachment>> found = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.computeIfAbsent(rows.getInt(1), key -> new ArrayList<>())
                            .add(new TodoApp.Attachment(rows.getString(2), rows.getLong(3), rows.getString(4)));
                }
            }
            return found;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
