-- The todos. INTEGER PRIMARY KEY is SQLite's rowid; AUTOINCREMENT keeps a deleted todo's id from
-- being given to a new one, so that /todos/{id} never names two todos over time.
CREATE TABLE todos (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    done  INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
);
