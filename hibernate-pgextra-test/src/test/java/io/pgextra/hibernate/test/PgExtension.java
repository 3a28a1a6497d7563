package io.pgextra.hibernate.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one JUnit 5 extension of the integration tests: a fresh schema and a Hibernate {@link SessionFactory}
 * per test class, on the JVM's one {@link PostgresDatabase}.
 * <pre>{@code
 * @RegisterExtension
 * static final PgExtension db = PgExtension.withEntities( MyModel.class, Other.class )
 *         .property( "hibernate.order_inserts", "true" );
 * }</pre>
 * Before the class, it creates the schema {@code t_<class>_<random>}; its connections have
 * {@code search_path = <schema>, public} (hstore lives in {@code public}); it builds the factory with
 * {@code hibernate.hbm2ddl.auto=create}, {@code hibernate.default_schema=<schema>},
 * {@code hibernate.jdbc.batch_size=50}, a built-in pool of 10 connections and a {@link StatementInspector}
 * that records every SQL statement Hibernate prepares (see {@link #sql()}). Settings given with
 * {@link #property} override these. After the class, it closes the factory and drops the schema
 * (kept when {@code PGEXTRA_TEST_KEEP_SCHEMA=true}, system property or environment variable;
 * {@code PGEXTRA_TEST_SHOW_SQL=true} turns on {@code hibernate.show_sql}).
 * <p>
 * Through a transaction-mode pooler ({@link PostgresDatabase#transactionPooled()}) the factory's connections
 * have no {@code search_path} ({@code hibernate.default_schema} qualifies the tables), and {@link #jdbc} and
 * the helpers built on it run their work in one transaction whose {@code search_path} is set locally.
 * <p>
 * Register it on a {@code static} field; {@code @Nested} classes share the outer class's schema and factory.
 * The configuration methods return new instances; the others are thread-safe.
 */
public final class PgExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

	/** A function of a JDBC object that may throw anything; checked exceptions propagate unchanged. */
	@FunctionalInterface
	public interface SqlFunction<T, R> {
		R apply(T t) throws Exception;
	}

	private static final int POOL_SIZE = 10;

	private final List<Class<?>> entities;
	private final Map<String, Object> properties;

	// Runtime state: set before the class, cleared after it.
	private final List<String> recorded = Collections.synchronizedList( new ArrayList<>() );
	private volatile ExtensionContext owner;
	private volatile String schema;
	private volatile SessionFactory sessionFactory;

	private PgExtension(List<Class<?>> entities, Map<String, Object> properties) {
		this.entities = List.copyOf( entities );
		this.properties = Collections.unmodifiableMap( new LinkedHashMap<>( properties ) );
	}

	/** @return an extension that maps exactly these classes (entities, embeddables, mapped superclasses) */
	public static PgExtension withEntities(Class<?>... entities) {
		return new PgExtension( List.of( entities ), Map.of() );
	}

	/** @return a copy with one more Hibernate or JPA setting, which overrides the defaults */
	public PgExtension property(String name, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>( properties );
		copy.put( Objects.requireNonNull( name ), Objects.requireNonNull( value ) );
		return new PgExtension( entities, copy );
	}

	// ---------------------------------------------------------------------------------------- lifecycle

	@Override
	public void beforeAll(ExtensionContext context) {
		if ( owner != null ) {
			return; // a @Nested class: it shares the outer class's schema and factory
		}
		PostgresDatabase pg = PostgresDatabase.get();
		String name = schemaName( context.getRequiredTestClass() );
		execute( pg, "CREATE SCHEMA " + name );
		try {
			sessionFactory = buildSessionFactory( pg, name );
		}
		catch (RuntimeException | Error e) {
			try {
				execute( pg, "DROP SCHEMA IF EXISTS " + name + " CASCADE" );
			}
			catch (RuntimeException dropFailure) {
				e.addSuppressed( dropFailure );
			}
			throw e;
		}
		schema = name;
		recorded.clear();
		owner = context;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		if ( owner == null ) {
			throw new IllegalStateException( "PgExtension must be registered on a static field: "
					+ "@RegisterExtension static final PgExtension db = PgExtension.withEntities( ... )" );
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if ( owner != context ) {
			return;
		}
		String name = schema;
		SessionFactory factory = sessionFactory;
		owner = null;
		sessionFactory = null;
		schema = null;
		recorded.clear();
		RuntimeException failure = null;
		try {
			factory.close();
		}
		catch (RuntimeException e) {
			failure = e;
		}
		if ( !Boolean.parseBoolean( setting( "PGEXTRA_TEST_KEEP_SCHEMA" ) ) ) {
			try {
				execute( PostgresDatabase.get(), "DROP SCHEMA IF EXISTS " + name + " CASCADE" );
			}
			catch (RuntimeException e) {
				if ( failure != null ) {
					e.addSuppressed( failure );
				}
				failure = e;
			}
		}
		if ( failure != null ) {
			throw failure;
		}
	}

	private SessionFactory buildSessionFactory(PostgresDatabase pg, String name) {
		StatementInspector inspector = sql -> {
			recorded.add( sql );
			return sql;
		};
		HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration( "pgextra-" + name )
				.managedClasses( entities )
				// Through a transaction-mode pooler no search_path can be sent: default_schema qualifies every
				// table Hibernate and the library name, and hstore is found in public, the default search_path.
				.jdbcUrl( pg.transactionPooled() ? pg.jdbcUrl() : pg.jdbcUrl( name + ",public" ) )
				.jdbcCredentials( pg.user(), pg.password() )
				.jdbcPoolSize( POOL_SIZE )
				.defaultSchema( name )
				.statementInspector( inspector )
				.property( AvailableSettings.HBM2DDL_AUTO, "create" )
				.property( AvailableSettings.STATEMENT_BATCH_SIZE, "50" )
				.property( AvailableSettings.SHOW_SQL, Boolean.parseBoolean( setting( "PGEXTRA_TEST_SHOW_SQL" ) ) );
		properties.forEach( configuration::property );
		return configuration.createEntityManagerFactory();
	}

	/** {@code t_<simple class name>_<6 random base-36 digits>}, lower case, at most 63 characters. */
	private static String schemaName(Class<?> testClass) {
		String prefix = "t_" + testClass.getSimpleName().toLowerCase( Locale.ROOT ).replaceAll( "[^a-z0-9]+", "_" );
		prefix = prefix.substring( 0, Math.min( prefix.length(), 63 - 7 ) );
		String random = Long.toString( ThreadLocalRandom.current().nextLong( 2_176_782_336L ), 36 ); // < 36^6
		return prefix + "_" + "000000".substring( random.length() ) + random;
	}

	private static void execute(PostgresDatabase pg, String sql) {
		try ( Connection c = pg.connect(); Statement st = c.createStatement() ) {
			st.execute( sql );
		}
		catch (SQLException e) {
			throw new IllegalStateException( sql + ": " + e.getMessage(), e );
		}
	}

	private static String setting(String key) {
		String value = System.getProperty( key );
		return value != null ? value : System.getenv( key );
	}

	// ---------------------------------------------------------------------------------------- API for tests

	/** @return the test schema, e.g. {@code t_harnesstest_0k3x9a} */
	public String schema() {
		requireActive();
		return schema;
	}

	public SessionFactory sessionFactory() {
		requireActive();
		return sessionFactory;
	}

	/** @return the same object as {@link #sessionFactory()}: Hibernate's factory is the JPA one */
	public EntityManagerFactory emf() {
		return sessionFactory();
	}

	/** @return the JVM's database (URL, user, password, raw connections without the test schema) */
	public PostgresDatabase database() {
		return PostgresDatabase.get();
	}

	/** Runs {@code work} in a new transaction: commits, or rolls back and rethrows if it fails. */
	public void inTransaction(Consumer<EntityManager> work) {
		fromTransaction( em -> {
			work.accept( em );
			return null;
		} );
	}

	/** Runs {@code work} in a new transaction and returns its result: commits, or rolls back and rethrows. */
	public <R> R fromTransaction(Function<EntityManager, R> work) {
		EntityManager em = emf().createEntityManager();
		try {
			EntityTransaction tx = em.getTransaction();
			tx.begin();
			try {
				R result = work.apply( em );
				tx.commit();
				return result;
			}
			catch (RuntimeException | Error e) {
				try {
					if ( tx.isActive() ) {
						tx.rollback();
					}
				}
				catch (RuntimeException rollbackFailure) {
					e.addSuppressed( rollbackFailure );
				}
				throw e;
			}
		}
		finally {
			em.close();
		}
	}

	/**
	 * @return every SQL statement Hibernate prepared since the class started or {@link #clearSql()}, in
	 * order, from all threads. A JDBC batch is prepared once, so it counts once. What {@link #jdbc},
	 * {@link #rows}, {@link #count} and {@link #execute} run is not recorded, nor is what code runs on a
	 * raw {@link Connection} it got from Hibernate (e.g. in {@code Session.doWork}).
	 */
	public List<String> sql() {
		synchronized ( recorded ) {
			return List.copyOf( recorded );
		}
	}

	public void clearSql() {
		recorded.clear();
	}

	/**
	 * Runs {@code work} on a new connection in auto-commit mode (in one transaction through a
	 * transaction-mode pooler) whose {@code search_path} is {@code <schema>, public}, then closes it. What {@code work} throws, {@link SQLException} included,
	 * propagates unchanged.
	 */
	public <R> R jdbc(SqlFunction<Connection, R> work) {
		String name = schema();
		try ( Connection c = database().connect( name + ",public" ) ) {
			if ( c.getAutoCommit() ) {
				return work.apply( c );
			}
			// Through a transaction-mode pooler: the search_path is local to the transaction connect() opened.
			try {
				R result = work.apply( c );
				if ( !c.isClosed() && !c.getAutoCommit() ) {
					c.commit();
				}
				return result;
			}
			catch (Exception | Error e) {
				try {
					if ( !c.isClosed() && !c.getAutoCommit() ) {
						c.rollback();
					}
				}
				catch (SQLException rollbackFailure) {
					e.addSuppressed( rollbackFailure );
				}
				throw e;
			}
		}
		catch (Exception e) {
			throw PgExtension.<RuntimeException>sneaky( e );
		}
	}

	/**
	 * Waits until at least {@code backends} backends of this database wait for a lock (seen in {@code pg_locks}), for at
	 * most {@code timeout}: how a concurrency test knows the other transaction is blocked, without a sleep.
	 */
	public void awaitLockWaiters(int backends, java.time.Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		String sql = "SELECT count(DISTINCT l.pid) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
				+ " WHERE NOT l.granted AND a.datname = current_database()";
		while ( ( (Number) rows( sql ).get( 0 ).get( "n" ) ).intValue() < backends ) {
			if ( System.nanoTime() > deadline ) {
				throw new AssertionError( "not " + backends + " backends waiting for a lock after " + timeout );
			}
			Thread.sleep( 10 );
		}
	}

	/** @return {@code SELECT count(*) FROM <table>}; {@code table} is used as written (may be qualified, may have a WHERE) */
	public long count(String table) {
		return jdbc( c -> {
			try ( Statement st = c.createStatement(); ResultSet rs = st.executeQuery( "SELECT count(*) FROM " + table ) ) {
				rs.next();
				return rs.getLong( 1 );
			}
		} );
	}

	/** @return the rows of a query with {@code ?} parameters: one map per row, column label to value, in column order */
	public List<Map<String, Object>> rows(String sql, Object... params) {
		return jdbc( c -> {
			try ( PreparedStatement ps = c.prepareStatement( sql ) ) {
				for ( int i = 0; i < params.length; i++ ) {
					ps.setObject( i + 1, params[i] );
				}
				try ( ResultSet rs = ps.executeQuery() ) {
					ResultSetMetaData md = rs.getMetaData();
					List<Map<String, Object>> result = new ArrayList<>();
					while ( rs.next() ) {
						Map<String, Object> row = new LinkedHashMap<>();
						for ( int col = 1; col <= md.getColumnCount(); col++ ) {
							row.put( md.getColumnLabel( col ), rs.getObject( col ) );
						}
						result.add( row );
					}
					return result;
				}
			}
		} );
	}

	/** Executes one SQL statement (DDL or DML) in auto-commit mode. */
	public void execute(String sql) {
		jdbc( c -> {
			try ( Statement st = c.createStatement() ) {
				st.execute( sql );
			}
			return null;
		} );
	}

	private void requireActive() {
		if ( owner == null ) {
			throw new IllegalStateException( "PgExtension is not active: use it in the tests of the class that "
					+ "registers it on a static @RegisterExtension field" );
		}
	}

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> E sneaky(Throwable e) throws E {
		throw (E) e;
	}
}
