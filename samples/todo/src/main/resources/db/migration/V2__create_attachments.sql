-- What is known of each attachment; its bytes are a file under Todo:AttachmentsPath/{todo_id}/{name}.
CREATE TABLE attachments (
    todo_id      INTEGER NOT NULL REFERENCES todos (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    content_type TEXT    NOT NULL,
    PRIMARY KEY (todo_id, name)
);
