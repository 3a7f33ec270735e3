package io.windhover.web;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration again when one of its files in the content root changes, and hands the
 * sections that can change live to those who asked ({@link WebApplication#onReload}). Never half
 * applied: the files are read, then every section is bound and validated, and only when all of that
 * succeeded is anything applied; otherwise one WARN line says what is wrong and the old values stay.
 * One platform daemon thread, waiting on the file system's change events (inotify on Linux).
 */
final class ConfigurationReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationReloader.class);

    /**
     * One section someone applies live: {@code bind} reads and checks it (throwing
     * IllegalArgumentException when it cannot), and returns what applies it.
     */
    private record Section(String name, Function<Configuration, Runnable> bind) {
    }

    private final Path folder;
    private final Supplier<Configuration> reader;
    private final Consumer<Configuration> publish;
    private final List<Section> sections = new CopyOnWriteArrayList<>();
    private final AtomicInteger applied = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private WatchService watcher;
    private Thread thread;

    /**
     * @param reader reads every source again; throws IllegalArgumentException naming a bad file
     * @param publish takes a configuration read and bound in full
     */
    ConfigurationReloader(Path folder, Supplier<Configuration> reader, Consumer<Configuration> publish) {
        this.folder = folder;
        this.reader = reader;
        this.publish = publish;
    }

    <T> void add(String section, Class<T> type, Consumer<T> apply) {
        add(section, configuration -> {
            T value = configuration.bind(section, type);
            return () -> apply.accept(value);
        });
    }

    /** A section read by {@code bind}, which returns what applies it or throws IllegalArgumentException. */
    void add(String section, Function<Configuration, Runnable> bind) {
        sections.add(new Section(section, bind));
    }

    /** Starts watching; a folder that cannot be watched is logged, and the configuration stays as read. */
    synchronized void start() {
        if (thread != null || sections.isEmpty()) {
            return;
        }
        try {
            watcher = FileSystems.getDefault().newWatchService();
            folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            LOG.warn("cannot watch {} for configuration changes: {}", folder, e.toString());
            return;
        }
        thread = Thread.ofPlatform().daemon().name("windhover-configuration").start(this::watch);
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ours = key.pollEvents().stream()
                        .anyMatch(event -> event.context() instanceof Path name && isConfigurationFile(name.toString()));
                key.reset();
                if (ours) {
                    reload();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            // the application closed
        }
    }

    private static boolean isConfigurationFile(String name) {
        return name.startsWith("windhover.") && (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /** Reads and binds everything, then applies everything; or nothing, with one WARN line. */
    void reload() {
        Configuration next;
        List<Runnable> applies = new ArrayList<>();
        try {
            next = reader.get();
            for (Section section : sections) {
                applies.add(section.bind().apply(next));
            }
        } catch (IllegalArgumentException invalid) {
            refused.incrementAndGet();
            LOG.warn("configuration changed but is not applied, the previous settings stay: {}", invalid.getMessage());
            return;
        }
        publish.accept(next);
        applies.forEach(Runnable::run);
        applied.incrementAndGet();
        LOG.info("configuration read again; applied to {}", sections.stream().map(Section::name).toList());
    }

    /** Reloads applied so far, for tests to wait on. */
    int applied() {
        return applied.get();
    }

    /** Reloads refused so far, for tests to wait on. */
    int refused() {
        return refused.get();
    }

    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the configuration watcher: {}", e.toString());
        }
        thread.interrupt();
        thread = null;
    }
}
