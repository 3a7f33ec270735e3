package io.windhover.samples.todo;

import io.windhover.samples.todo.TodoApp.Todo;
import io.windhover.samples.todo.TodoApp.TodoInput;
import io.windhover.web.Result;
import io.windhover.web.Results;
import io.windhover.web.controller.Authorize;
import io.windhover.web.controller.Controller;
import io.windhover.web.controller.Delete;
import io.windhover.web.controller.Get;
import io.windhover.web.controller.Lifetime;
import io.windhover.web.controller.Post;
import io.windhover.web.controller.Produces;
import io.windhover.web.controller.ProducesProblem;
import io.windhover.web.controller.Put;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * The todos themselves, as a controller: the annotation processor writes {@code TodoControllerRoutes}
 * from it at compile time, and {@code app.mapControllers()} maps those into the same router as the
 * attachments' minimal-API routes. One instance serves every request (it holds only the store and the
 * files, both thread-safe), made by the application's controller factory. Its writes need
 * {@link TodoApp#WRITE_POLICY}, which the application's authorization middleware enforces when bearer
 * tokens are configured; reads stay anonymous.
 */
@Controller(value = "/todos", lifetime = Lifetime.SINGLETON)
final class TodoController {

    private final TodoStore store;
    private final AttachmentFiles files;

    TodoController(TodoStore store, AttachmentFiles files) {
        this.store = store;
        this.files = files;
    }

    /** Lists the todos, or those done or not when {@code done} is given. */
    @Get
    List<Todo> list(Boolean done) throws SQLException {
        return store.all(done);
    }

    /** Finds one todo by its id. */
    @Get("/{id:int}")
    @Produces(value = 200, type = Todo.class)
    @ProducesProblem(404)
    Object find(int id) throws SQLException {
        Todo todo = store.find(id);
        return todo == null ? TodoApp.noTodo(id) : todo;
    }

    /** Adds a todo. */
    @Post
    @Authorize(TodoApp.WRITE_POLICY)
    @Produces(value = 201, type = Todo.class)
    Result add(TodoInput input) throws SQLException {
        Todo todo = store.add(input);
        return Results.created("/todos/" + todo.id(), todo);
    }

    /** Replaces a todo's title and state. */
    @Put("/{id:int}")
    @Authorize(TodoApp.WRITE_POLICY)
    @Produces(value = 200, type = Todo.class)
    @ProducesProblem(404)
    Object replace(int id, TodoInput input) throws SQLException {
        Todo replaced = store.replace(id, input);
        return replaced == null ? TodoApp.noTodo(id) : replaced;
    }

    /** Deletes a todo and its attachments. */
    @Delete("/{id:int}")
    @Authorize(TodoApp.WRITE_POLICY)
    @Produces(204)
    @ProducesProblem(404)
    Result remove(int id) throws SQLException, IOException {
        if (!store.remove(id)) {
            return TodoApp.noTodo(id);
        }
        files.deleteAll(id);
        return Results.noContent();
    }
}
