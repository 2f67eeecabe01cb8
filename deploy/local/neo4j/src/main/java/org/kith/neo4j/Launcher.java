package org.kith.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Embedded Neo4j Community DBMS for Kith local development and tests.
 *
 * <pre>
 *   Launcher --home DIR --bolt-port N [--bolt-address 127.0.0.1] [--pagecache 64m]
 *            [--exit-on-stdin-eof]
 * </pre>
 *
 * Prints exactly one line {@code KITH_NEO4J_READY bolt://ADDR:PORT} to stdout once the default
 * database is available. Shuts down cleanly on SIGTERM/SIGINT (JVM shutdown hook). With
 * {@code --exit-on-stdin-eof} it also shuts down when stdin reaches EOF, so a parent that dies
 * (and thereby closes the pipe) never leaves an orphan JVM behind.
 */
public final class Launcher {
    private static final String READY_MARKER = "KITH_NEO4J_READY";
    private static final long DB_AVAILABLE_TIMEOUT_MS = 120_000L;

    private Launcher() {}

    private static final class Options {
        Path home;
        int boltPort = -1;
        String boltAddress = "127.0.0.1";
        String pagecache = "64m";
        boolean exitOnStdinEof;
    }

    public static void main(String[] args) {
        Options opts;
        try {
            opts = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("kith-neo4j: " + e.getMessage());
            System.err.println(
                    "usage: Launcher --home DIR --bolt-port N [--bolt-address 127.0.0.1]"
                            + " [--pagecache 64m] [--exit-on-stdin-eof]");
            System.exit(2);
            return;
        }

        AtomicReference<DatabaseManagementService> service = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> shutdown(service, stopped), "kith-neo4j-shutdown"));

        if (opts.exitOnStdinEof) {
            // Started before the DBMS so that a parent dying mid-startup is noticed too.
            Thread watcher = new Thread(Launcher::exitOnStdinEof, "kith-neo4j-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        try {
            Files.createDirectories(opts.home);
            DatabaseManagementService dbms = build(opts);
            service.set(dbms);
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(DB_AVAILABLE_TIMEOUT_MS)) {
                throw new IllegalStateException("default database did not become available");
            }
        } catch (Throwable t) {
            System.err.println("kith-neo4j: startup failed: " + t);
            t.printStackTrace(System.err);
            System.exit(1);
            return;
        }

        PrintStream out = System.out;
        out.println(READY_MARKER + " bolt://" + opts.boltAddress + ":" + opts.boltPort);
        out.flush();

        try {
            stopped.await(); // Neo4j's own non-daemon threads keep the JVM alive; we just park.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static DatabaseManagementService build(Options opts) {
        SocketAddress bolt = new SocketAddress(opts.boltAddress, opts.boltPort);
        return new DatabaseManagementServiceBuilder(opts.home)
                // Bolt only, on loopback.
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(opts.boltAddress))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(BoltConnector.thread_pool_min_size, 1)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // LOCAL DEVELOPMENT ONLY: authentication is disabled. This process binds to a
                // loopback address and must never be exposed on a network or used in production.
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // Small footprint: small page cache, tiny tx-log retention, no preallocation.
                .setConfig(GraphDatabaseSettings.pagecache_memory, SettingValueParsers.BYTES.parse(opts.pagecache))
                .setConfig(GraphDatabaseSettings.pagecache_warmup_enabled, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "keep_none")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 16L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Fast shutdown. Defaults wait up to 5 min for Bolt connections/threads and hold a
                // 5 s Netty quiet period per event loop group (~10 s per stop). These are internal
                // settings, so a Neo4j upgrade may rename them; that fails at compile time, loudly.
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(3))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(2))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(2))
                .build();
    }

    private static void shutdown(AtomicReference<DatabaseManagementService> service, CountDownLatch stopped) {
        DatabaseManagementService dbms = service.getAndSet(null);
        try {
            if (dbms != null) {
                dbms.shutdown();
            }
        } catch (Throwable t) {
            System.err.println("kith-neo4j: error during shutdown: " + t);
        } finally {
            stopped.countDown();
        }
    }

    private static void exitOnStdinEof() {
        byte[] buf = new byte[256];
        InputStream in = System.in;
        try {
            while (in.read(buf) >= 0) {
                // Discard; we only care about EOF.
            }
        } catch (IOException e) {
            // Treat a broken stdin like EOF.
        }
        System.err.println("kith-neo4j: stdin closed, shutting down");
        System.exit(0); // Runs the shutdown hook, which stops the DBMS cleanly.
    }

    private static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--home":
                    o.home = Path.of(value(args, ++i, a)).toAbsolutePath();
                    break;
                case "--bolt-port":
                    try {
                        o.boltPort = Integer.parseInt(value(args, ++i, a));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--bolt-port must be an integer");
                    }
                    break;
                case "--bolt-address":
                    o.boltAddress = value(args, ++i, a);
                    break;
                case "--pagecache":
                    o.pagecache = value(args, ++i, a);
                    break;
                case "--exit-on-stdin-eof":
                    o.exitOnStdinEof = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        if (o.home == null) {
            throw new IllegalArgumentException("--home is required");
        }
        if (o.boltPort < 1 || o.boltPort > 65535) {
            throw new IllegalArgumentException("--bolt-port is required (1-65535)");
        }
        try {
            SettingValueParsers.BYTES.parse(o.pagecache);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid --pagecache: " + o.pagecache);
        }
        return o;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
